"""A TCP proxy in front of the local AWS that a test can cut, as if the endpoint went away."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator


class CuttableProxy:
    def __init__(self, upstream_port: int, cut_on: bytes | None = None) -> None:
        self._upstream = upstream_port
        self._cut_on = cut_on
        self.was_cut = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._cut = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self._upstream))
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._cut:
                    client.close()
                    upstream.close()
                    continue
                self._open += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream, self._cut_on), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, None), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, cut_on: bytes | None) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if cut_on is not None and cut_on in data:
                    self.cut()  # the request that triggers the cut never reaches AWS
                    return
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def cut(self) -> None:
        """From now on: connection refused, and every open connection is dropped."""
        self.was_cut.set()
        with self._lock:
            self._cut = True
            self._listener.close()
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.close()


@contextlib.contextmanager
def cuttable(upstream_port: int, cut_on: bytes | None = None) -> Iterator[CuttableProxy]:
    """A proxy to the local AWS; it cuts itself at the first request containing `cut_on`."""
    proxy = CuttableProxy(upstream_port, cut_on)
    try:
        yield proxy
    finally:
        if not proxy._cut:
            proxy.cut()
