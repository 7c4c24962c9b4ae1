"""The code that wrote the .docx templates in doc_templates/ (``make templates``).

The committed templates are the source that office staff may edit in Word or LibreOffice; this
code exists so that they can also be rebuilt, reviewed and diffed as code.
"""
