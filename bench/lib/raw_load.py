"""A small keep-alive HTTP load generator for requests wrk cannot send: wrk checks each request
with a parser that refuses headers over 80 KB, and the forged-signature flood sends 240 KB.
Threads over raw sockets (socket I/O releases the GIL); it only has to keep the server busy,
since the flood is judged by the server's CPU per request, not by the client's rate."""

import socket
import threading
import time


def _read_response(sock, buf):
    """Reads one response; returns (status, leftover bytes)."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        rest += chunk
    return status, rest[length:]


def post_flood(port, path, headers, body, conns, seconds):
    """POSTs the same request on `conns` keep-alive connections for `seconds`; returns counts,
    statuses and latency percentiles in wrk's units (µs)."""
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {len(body)}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    request = head.encode() + body
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    statuses, latencies, errors = {}, [], [0]

    def worker():
        local, local_lat, local_errors = {}, [], 0
        sock, buf = None, b""
        while time.monotonic() < deadline:
            try:
                if sock is None:
                    sock, buf = socket.create_connection(("127.0.0.1", port)), b""
                started = time.monotonic()
                sock.sendall(request)
                status, buf = _read_response(sock, buf)
                local_lat.append((time.monotonic() - started) * 1e6)
                local[status] = local.get(status, 0) + 1
            except OSError:
                local_errors += 1
                if sock is not None:
                    sock.close()
                sock = None
        if sock is not None:
            sock.close()
        with lock:
            errors[0] += local_errors
            for code, n in local.items():
                statuses[code] = statuses.get(code, 0) + n
            latencies.extend(local_lat)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    duration = time.monotonic() - started
    latencies.sort()
    pick = (lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]) if latencies else (lambda q: 0)
    requests = len(latencies)
    return {"requests": requests, "rps": requests / duration, "statuses": statuses, "socket_errors": errors[0],
            "p50_us": pick(0.50), "p99_us": pick(0.99)}
