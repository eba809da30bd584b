"""Documents built from the current view: the справка (.docx, .pdf) and its charts."""
