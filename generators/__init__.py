"""Rendering records to .docx (docxtpl) and PDF (LibreOffice)."""
