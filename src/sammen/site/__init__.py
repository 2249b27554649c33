"""The public site's own pages: the front page, privacy, terms and accessibility pages, the language and
easy-read switches, the health endpoints and what every page's layout needs to know (the context processor).
It sits above the apps whose state those pages show; the layout itself (templates, DKFDS) is in ``core``."""
