"""Reading returned forms (.docx, text PDF, scans, photos) back into records."""
