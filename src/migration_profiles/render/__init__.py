"""Render: profiles, pages, charts and PDFs, written from published figures."""
