"""What `make run` and `manage.py` use on a developer's machine: the app as its users see it.

DEBUG is off (the app's own Indonesian error pages, no URL list on a 404); DJANGO_DEBUG=1
turns Django's debug pages on for a developer who wants them. Static files are served by
WhiteNoise straight from the finders (no collectstatic), re-read when they change.
"""

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")

# Static files come from the finders; no collectstatic outside production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
