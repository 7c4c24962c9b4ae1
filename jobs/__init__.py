"""Background jobs (bulk generation) whose state any process can read.

A job is a folder under the jobs root (the web app's ``instance/jobs``): ``input.json`` (kind,
records, file stems), ``state.json`` (status, stage, done/total, messages, outputs; replaced
atomically), a ``cancel`` flag file, and the outputs. The web page polls the state, so progress
survives a page reload and is the same whichever gunicorn worker answers. Jobs run in a thread of
the submitting process by default, or on an RQ queue when ``STUDIO_REDIS_URL`` is set: then any
number of ``rq worker studio-bulk`` processes, on this or other machines sharing the jobs folder,
take them.

Uploaded returned forms are read the same way (:mod:`jobs.parse_task`): their state lives in each
upload's work folder, and the RQ queue is ``studio-parse`` — used only while a worker listening
on it is alive; otherwise, and for a reading left on the queue too long, see
:mod:`jobs.parse_queue`.
"""
