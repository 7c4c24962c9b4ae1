"""studio-docs purge-uploads --older-than DAYS: remove returned forms saved to the registry
long ago (files, work folders and rows together; an audit entry for each is kept).

The web app's configuration decides where (``STUDIO_DATABASE_URL``, ``STUDIO_UPLOADS_DIR``,
``instance/config.py``); ``--older-than`` defaults to ``UPLOAD_RETENTION_DAYS``
(``STUDIO_UPLOAD_RETENTION_DAYS``, else 365). Uploads not saved are never purged.
Exit status: 0 done, 2 bad input.
"""

from __future__ import annotations

import datetime as dt

import click

from cli import fail


@click.command("purge-uploads", help="清除早已保存到登记册的回收文书上传（文件与记录一并删除，"
               "保留审计记录）/ purge uploads saved to the registry long ago")
@click.option("--older-than", "days", type=int, default=None, metavar="DAYS",
              help="上传时间早于多少天 / uploaded more than DAYS days ago "
                   "(default: UPLOAD_RETENTION_DAYS, else 365)")
@click.option("--dry-run", is_flag=True, help="只列出，不删除 / list only, remove nothing")
def purge_uploads(days: int | None, dry_run: bool) -> None:
    from registry.models_org import utcnow
    from webforms import create_app, upload_store
    from webforms.database import EXTENSION
    from webforms.upload_purge import DEFAULT_DAYS, purge

    app = create_app()
    if days is None:
        try:
            days = int(app.config.get("UPLOAD_RETENTION_DAYS", DEFAULT_DAYS))
        except (TypeError, ValueError):
            fail("配置项 UPLOAD_RETENTION_DAYS 应为天数（整数）",
                 "the setting UPLOAD_RETENTION_DAYS must be a number of days")
    if days < 1:
        fail("--older-than 应为至少 1 天", "--older-than must be at least 1 day")
    with app.app_context(), app.extensions[EXTENSION]() as session:
        now: dt.datetime = utcnow()
        done = purge(session, upload_store.root(), days, now, dry_run=dry_run)
    verb = ("将清除", "would purge") if dry_run else ("已清除", "purged")
    for p in done:
        click.echo(f"{p.id}\t{p.uploaded_at:%Y-%m-%d}\t{p.size} B\t{p.original_name}")
    click.echo(f"{verb[0]} {len(done)} 份上传（保存到登记册且早于 {days} 天）\n"
               f"{verb[1]} {len(done)} upload(s) saved to the registry more than {days} days ago")
