"""Internal integrity surveys (issue #7 point 4): questionnaires, anonymous responses, indices per dimension and group (docs/adr/0002-surveys-app.md)."""
