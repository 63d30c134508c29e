"""procgate's resident CGI launcher: one per pool, started as the pool's user, in its pids cgroup.

It forks a child per request, so a request costs no exec of setsid and, for Python scripts, no
interpreter start and no import of the modules listed to preload.

    launcher.py SOCKET MODE [MODULE,...]

MODE is "fork" (every script is executed: fork, setsid, exec) or "python" (Python scripts run in
the forked child, as __main__, with the modules imported once here; any other script is executed).

Protocol. Java is the only client. Per request it opens two connections to SOCKET, each starting
with a header: a 4-byte big-endian length, then NUL-separated fields. The first field is the role:
"io" (the child's stdin and stdout) or "err" (its stderr); the second a token pairing the two.
An "io" header goes on with: working directory, RLIMIT_CPU, RLIMIT_AS, RLIMIT_NPROC (0: none),
the argument count, the arguments, the variable count, the variables as NAME=value. Once both
connections are in, the launcher forks; the child leads a session of its own, writes its pid
(8 bytes, big-endian) on the "io" connection, puts the connections on fds 0, 1 and 2, closes
every other descriptor, sets the limits and the directory and runs the script with exactly the
given environment. The launcher writes "exit PID STATUS" on its stdout (the control channel) when
a child ends; it ends itself when its stdin (Java's end of the control channel) closes.
"""

import atexit
import gc
import io
import os
import pkgutil  # noqa: F401 (runpy.run_path imports it: once here, not in every child)
import resource
import runpy
import selectors
import signal
import socket
import struct
import sys
import threading
import time
import types

MAX_HEADER = 2 << 20
COMPILED_SCRIPTS = 256
HEADER_WAIT = 5.0
UNPAIRED_WAIT = 10.0
PYTHON_FLAGS = set("SsuEIB")


def log(message):
    os.write(2, ("launcher: %s\n" % message).encode("utf-8", "backslashreplace"))


def control(line):
    os.write(1, (line + "\n").encode("ascii"))


def read_exactly(conn, count):
    data = bytearray()
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            raise ValueError("connection closed in the header")
        data += chunk
    return bytes(data)


def read_header(conn):
    conn.settimeout(HEADER_WAIT)
    (length,) = struct.unpack(">I", read_exactly(conn, 4))
    if length > MAX_HEADER:
        raise ValueError("header of %d bytes refused (at most %d)" % (length, MAX_HEADER))
    fields = read_exactly(conn, length).split(b"\0")
    conn.settimeout(None)
    return fields


class Request:
    """What an "io" header asks for."""

    def __init__(self, fields):
        it = iter(fields)
        self.cwd = next(it)
        self.cpu, self.address_space, self.processes = (int(next(it)) for _ in range(3))
        self.argv = [next(it) for _ in range(int(next(it)))]
        self.env = {}
        for _ in range(int(next(it))):
            name, _, value = next(it).partition(b"=")
            self.env[name] = value
        if not self.argv:
            raise ValueError("no program")


class PythonScripts:
    """Which scripts this interpreter can run in the forked child, and how."""

    def __init__(self, enabled):
        self.enabled = enabled
        self.executable = os.path.realpath(sys.executable)

    def flags(self, request):
        """The script and its #! flags when it can run here, else None."""
        if not self.enabled:
            return None
        argv = [os.fsdecode(a) for a in request.argv]
        if len(argv) >= 2 and self.same_interpreter(argv[0], request):
            return argv[1], "", argv[2:]
        try:
            with open(argv[0], "rb") as script:
                first = script.readline(256)
        except OSError:
            return None
        if not first.startswith(b"#!"):
            return None
        words = first[2:].decode("utf-8", "replace").split()
        if words and os.path.basename(words[0]) == "env" and len(words) >= 2:
            words = words[1:]
        if not words or not self.same_interpreter(words[0], request):
            return None
        flags = "".join(w[1:] for w in words[1:] if w.startswith("-"))
        if any(not w.startswith("-") for w in words[1:]) or not set(flags) <= PYTHON_FLAGS:
            return None
        return argv[0], flags, argv[1:]

    def same_interpreter(self, word, request):
        if "/" not in word:
            path = request.env.get(b"PATH", b"/usr/bin:/bin").decode("utf-8", "replace")
            found = [os.path.join(d, word) for d in path.split(":") if os.access(os.path.join(d, word), os.X_OK)]
            if not found:
                return False
            word = found[0]
        return os.path.realpath(word) == self.executable


class Reseeding:
    """Random generators made at import, found once, reseeded in every child."""

    def __init__(self):
        self.generators = []
        if "random" in sys.modules:
            import random
            self.generators = [g for g in gc.get_objects()
                               if isinstance(g, random.Random) and not isinstance(g, random.SystemRandom)]

    def reseed(self):
        for generator in self.generators:
            generator.seed()
        if "random" in sys.modules:
            sys.modules["random"].seed()


class CompiledScripts:
    """Python scripts compiled here, once per version of the file, so that no child compiles its
    script again; a script that does not compile is left to the child, which reports it as
    python3 would."""

    def __init__(self):
        self.known = {}

    def code(self, path):
        try:
            stat = os.stat(path)
        except OSError:
            return None
        version = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        known = self.known.get(path)
        if known is not None and known[0] == version:
            return known[1]
        try:
            with io.open_code(path) as source:
                code = compile(source.read(), path, "exec", dont_inherit=True)
        except (OSError, SyntaxError, ValueError):
            return None
        if len(self.known) >= COMPILED_SCRIPTS:
            del self.known[next(iter(self.known))]
        self.known[path] = (version, code)
        return code


def child(request, io_conn, err_conn, python, reseeding, compiled):
    """In the forked child: becomes the script. Never returns. compiled: (path, code) or None."""
    try:
        os.setsid()
        signal.set_wakeup_fd(-1)
        for number in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_DFL)
        io_conn.setblocking(True)
        err_conn.setblocking(True)
        io_conn.sendall(struct.pack(">q", os.getpid()))
        os.dup2(io_conn.fileno(), 0)
        os.dup2(io_conn.fileno(), 1)
        os.dup2(err_conn.fileno(), 2)
        os.closerange(3, os.sysconf("SC_OPEN_MAX"))
        for limit, value in ((resource.RLIMIT_CPU, request.cpu), (resource.RLIMIT_AS, request.address_space),
                             (resource.RLIMIT_NPROC, request.processes)):
            if value > 0:
                resource.setrlimit(limit, (value, value))
        os.chdir(request.cwd)
        script = python.flags(request)
        if script is not None:
            code = compiled[1] if compiled is not None and compiled[0] == script[0] else None
            run_python(*script, request.env, reseeding, code)
        for number in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT):
            signal.signal(number, signal.SIG_DFL)
        if b"/" in request.argv[0]:
            os.execve(request.argv[0], request.argv, request.env)
        os.execvpe(request.argv[0], request.argv, request.env)
    except BaseException as e:
        try:
            log("cannot run %s: %s" % (os.fsdecode(request.argv[0]), e))
        finally:
            os._exit(127)


def text_stream(fd, mode, env, errors, unbuffered):
    encoding, _, chosen = os.fsdecode(env.get(b"PYTHONIOENCODING", b"utf-8")).partition(":")
    raw = io.FileIO(fd, mode, closefd=False)
    if mode == "r":
        return io.TextIOWrapper(io.BufferedReader(raw), encoding or "utf-8", chosen or errors)
    if unbuffered:
        return io.TextIOWrapper(raw, encoding or "utf-8", chosen or errors, write_through=True)
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding or "utf-8", chosen or errors, line_buffering=(fd == 2))


def run_python(path, flags, args, env, reseeding, code):
    """Runs a Python script as __main__ in this child, as `python3 script args` would, then exits.
    code: the script compiled by the launcher, or None to read and compile it here."""
    os.environ.clear()
    os.environ.update({os.fsdecode(k): os.fsdecode(v) for k, v in env.items()})
    unbuffered = "u" in flags or bool(env.get(b"PYTHONUNBUFFERED"))
    sys.stdin = sys.__stdin__ = text_stream(0, "r", env, "surrogateescape", False)
    sys.stdout = sys.__stdout__ = text_stream(1, "w", env, "surrogateescape", unbuffered)
    sys.stderr = sys.__stderr__ = text_stream(2, "w", env, "backslashreplace", True)
    sys.argv = [path] + args
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    reseeding.reseed()
    status = 0
    try:
        if code is None:
            runpy.run_path(path, run_name="__main__")
        else:
            run_main(path, code)
    except SystemExit as e:
        status = exit_status(e.code)
    except BaseException:
        sys.excepthook(*sys.exc_info())
        status = 1
    status = finish(status)
    # the answer ends here, for the server and its client, before the exit tears the copy down
    for fd in (0, 1, 2):
        try:
            os.close(fd)
        except OSError:
            pass
    os._exit(status)


def run_main(path, code):
    """Runs compiled code as the __main__ module of a script at path."""
    main = types.ModuleType("__main__")
    main.__dict__.update(__file__=path, __cached__=None, __loader__=None, __package__=None, __spec__=None,
                         __builtins__=sys.modules["builtins"])
    sys.modules["__main__"] = main
    exec(code, main.__dict__)


def exit_status(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def finish(status):
    """What the interpreter does at exit: waits for threads, runs atexit, flushes."""
    try:
        threading._shutdown()
    except BaseException:
        pass
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            status = 120
    return status


class Launcher:

    def __init__(self, path, mode, preload):
        self.python = PythonScripts(mode == "python")
        self.compiled = CompiledScripts()
        for module in preload:
            __import__(module)
        self.reseeding = Reseeding()
        # what the preloading made stays shared: no collection in a child touches (and copies) it
        gc.collect()
        gc.freeze()
        self.pending = {}
        self.children = set()
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)
        os.set_blocking(self.wake_r, False)
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda number, frame: None)
        signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        if os.path.exists(path):
            os.unlink(path)
        self.server.bind(path)
        self.server.listen(128)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.server, selectors.EVENT_READ, self.accept)
        self.selector.register(0, selectors.EVENT_READ, self.control_input)
        self.selector.register(self.wake_r, selectors.EVENT_READ, self.reap)
        control("ready %d" % os.getpid())

    def serve(self):
        while True:
            timeout = 1.0 if self.pending else None
            for key, _ in self.selector.select(timeout):
                key.data()
            self.expire()

    def control_input(self):
        if not os.read(0, 4096):
            sys.exit(0)

    def accept(self):
        try:
            conn, _ = self.server.accept()
        except OSError:
            return
        try:
            fields = read_header(conn)
            role, token = fields[0], fields[1]
            if role not in (b"io", b"err"):
                raise ValueError("unknown role")
        except (OSError, ValueError, IndexError, struct.error) as e:
            log("connection refused: %s" % e)
            conn.close()
            return
        entry = self.pending.setdefault(token, {"since": time.monotonic()})
        entry[role] = (conn, fields[2:])
        if b"io" in entry and b"err" in entry:
            del self.pending[token]
            self.spawn(entry[b"io"], entry[b"err"][0])

    def spawn(self, io_entry, err_conn):
        io_conn, fields = io_entry
        try:
            request = Request(fields)
        except (ValueError, StopIteration) as e:
            log("request refused: %s" % e)
            io_conn.close()
            err_conn.close()
            return
        compiled = None
        script = self.python.flags(request) if request.argv[0].startswith(b"/") else None
        if script is not None and os.path.isabs(script[0]):
            code = self.compiled.code(script[0])
            compiled = (script[0], code) if code is not None else None
        pid = os.fork()
        if pid == 0:
            child(request, io_conn, err_conn, self.python, self.reseeding, compiled)
        self.children.add(pid)
        io_conn.close()
        err_conn.close()

    def reap(self):
        try:
            while os.read(self.wake_r, 512):
                pass
        except BlockingIOError:
            pass
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                self.children.clear()
                return
            if pid == 0:
                return
            self.children.discard(pid)
            code = os.waitstatus_to_exitcode(status)
            control("exit %d %d" % (pid, code if code >= 0 else 128 - code))

    def expire(self):
        now = time.monotonic()
        for token in [t for t, e in self.pending.items() if now - e["since"] > UNPAIRED_WAIT]:
            for role, value in self.pending.pop(token).items():
                if role != "since":
                    value[0].close()


def main():
    path, mode = sys.argv[1], sys.argv[2]
    preload = [m.strip() for m in (sys.argv[3] if len(sys.argv) > 3 else "").split(",") if m.strip()]
    try:
        launcher = Launcher(path, mode, preload)
    except Exception as e:
        log("cannot start: %s: %s" % (type(e).__name__, e))
        sys.exit(2)
    launcher.serve()


if __name__ == "__main__":
    main()
