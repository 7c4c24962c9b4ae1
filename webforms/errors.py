"""Friendly error pages in Chinese and English; a person never sees a traceback.

A form whose CSRF token has expired comes back with everything typed and a fresh token, asking
to submit again (what was posted is not stored: an unverified post must not change a draft).
"""

from __future__ import annotations

from flask import Flask, g, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from forms.errors import PaperworkError
from forms.kinds import KINDS

# status → (title zh, title en, text zh, text en)
PAGES: dict[int, tuple[str, str, str, str]] = {
    400: ("请求无效", "Bad request",
          "提交的内容无法处理，请返回重试。", "What was sent could not be processed; go back "
          "and try again."),
    403: ("无权办理", "Not allowed",
          "您的角色不能办理此事项。", "Your role cannot take this step."),
    404: ("页面不存在", "Page not found",
          "没有找到这个页面或文书类型，请从首页重新进入。",
          "There is no such page or document kind; please start again from the home page."),
    405: ("操作不被允许", "Method not allowed",
          "此页面不接受这种操作。", "This page does not accept that request."),
    409: ("文书尚有错误", "The document still has errors",
          "请先在表单中改正所有错误，再预览或下载。",
          "Correct every error in the form first, then preview or download."),
    413: ("提交的内容过大", "Too much data",
          "提交的内容超过了允许的大小（每个字段的文字应在合理长度内）。请删减后重试。",
          "What was sent is larger than allowed; shorten it and try again."),
    429: ("操作过于频繁", "Too many attempts",
          "请稍候再试。", "Please wait a little and try again."),
    500: ("系统出错了", "Something went wrong",
          "服务器处理时出错。已输入的内容已保存为草稿，不会丢失。请稍后重试，或联系管理员。",
          "The server failed while handling this. What you typed was saved as a draft; please "
          "try again later or contact the administrator."),
    503: ("暂时无法生成文书", "The document cannot be made right now",
          "生成文书所需的组件不可用。", "A component needed to make the document is missing."),
}
FORM_ENDPOINTS = ("documents.new_post", "documents.draft_post")


def error_page(status: int, detail_zh: str = "", detail_en: str = "") -> tuple[str, int]:
    title_zh, title_en, text_zh, text_en = PAGES.get(status, PAGES[500])
    draft_id = g.get("draft_id")
    draft_url = url_for("documents.edit", draft_id=draft_id) if draft_id else None
    return render_template("error.html", status=status, title_zh=title_zh, title_en=title_en,
                           text_zh=text_zh, text_en=text_en, detail_zh=detail_zh,
                           detail_en=detail_en, draft_url=draft_url), status


def _csrf(exc: CSRFError) -> tuple[str, int]:
    if request.endpoint in FORM_ENDPOINTS:
        from registry import drafts
        from webforms.database import db
        from webforms.documents import form_page
        from webforms.formdata import collect
        from webforms.schema_form import fields_of

        args = request.view_args or {}
        draft = None
        if request.endpoint == "documents.draft_post":
            draft = drafts.get(db(), str(args.get("draft_id")))
            if draft is None or draft.kind not in KINDS:
                return error_page(404)
            kind = KINDS[draft.kind]
        elif str(args.get("kind")) in KINDS:
            kind = KINDS[str(args.get("kind"))]
        else:
            return error_page(404)
        data = collect(fields_of(kind.model), request.form)
        return form_page(kind, data, draft=draft, status=400, notice="csrf")
    return error_page(400, "页面已过期或来源无法验证（CSRF），请刷新页面后重试。",
                      "The page expired or its origin could not be verified (CSRF); reload "
                      "the page and try again.")


def _http(exc: HTTPException) -> tuple[str, int]:
    return error_page(exc.code or 500)


def _paperwork(exc: PaperworkError) -> tuple[str, int]:
    return error_page(503, exc.zh, exc.en)


def _unexpected(exc: Exception) -> tuple[str, int]:
    if isinstance(exc, HTTPException):
        return _http(exc)
    from flask import current_app

    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return error_page(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(PaperworkError, _paperwork)
    app.register_error_handler(Exception, _unexpected)
