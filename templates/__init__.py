# Marks templates/ as package data (zoobench.templates) so the site finds its Jinja templates when installed.
