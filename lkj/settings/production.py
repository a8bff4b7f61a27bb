"""Production: secrets and hosts must come from the environment."""

from .base import *  # noqa: F403
from .base import LKJ_EMAIL_HOST, env_bool, env_list, env_str, env_url

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
LKJ_URL_PUBLIK = env_url("LKJ_URL_PUBLIK")  # no default: a QR code pointing at 127.0.0.1 is useless on paper
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# A monitor on the server itself polls http://127.0.0.1:8000/sehat/ without TLS.
SECURE_REDIRECT_EXEMPT = [r"^sehat/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media (evidence, kept LRA files, rendered and signed documents) and the upload drafts (organisasi.draf) on
# S3-compatible object storage through django-storages when LKJ_S3_BUCKET is set — what several web servers
# behind a load balancer share; this machine's folders otherwise. Private objects: a file leaves only through
# the app's views, which check the reader. A name is never reused (a signed PDF keeps its own).
if env_str("LKJ_S3_BUCKET", ""):
    _s3 = {
        "bucket_name": env_str("LKJ_S3_BUCKET"),
        "endpoint_url": env_str("LKJ_S3_ENDPOINT", "") or None,  # MinIO and other providers: https://minio.pemda.go.id
        "region_name": env_str("LKJ_S3_REGION", "") or None,
        "access_key": env_str("LKJ_S3_ACCESS_KEY"),
        "secret_key": env_str("LKJ_S3_SECRET_KEY"),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_s3, "location": "media"}}
    STORAGES["draf"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_s3, "location": "draf"}}
# Password reset by e-mail only where mail can be sent; otherwise the operator resets (admin).
LKJ_RESET_SUREL = bool(LKJ_EMAIL_HOST)
