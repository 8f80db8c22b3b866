"""Live preview: rebuild on every change and reload the browser; survive errors."""

import logging
import tempfile
from pathlib import Path

from .pipeline import build
from .problems import BuildError

log = logging.getLogger("sitegen")
WATCHED = ("content", "data", "templates", "static")


def serve(root, host="127.0.0.1", port=8000, base_url=None):
    """Serve a preview of the site on host:port, rebuilding when files change."""
    from livereload import Server  # only the preview needs livereload

    out = Path(tempfile.mkdtemp(prefix="site-preview-"))
    base_url = base_url or f"http://{host}:{port}/"

    def rebuild():
        try:
            build(root, out, base_url=base_url)
            log.info("Rebuilt the preview.")
        except BuildError as error:
            log.error("The preview was not rebuilt:\n%s", error)

    rebuild()
    server = Server()
    for folder in WATCHED:
        server.watch(str(Path(root) / folder), rebuild, delay=0.2)
    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning(f"Listening on {host}: other computers on the network can see the preview.")
    log.info(f"Preview at http://{host}:{port}/ (Ctrl+C to stop)")
    server.serve(root=str(out), host=host, port=port, open_url_delay=None)
    return 0
