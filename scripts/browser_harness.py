"""What the browser scripts share: a `switchboard` server on a free 127.0.0.1 port and a headless Chromium.

Used by scripts/e2e-browser-test.py and scripts/bench-browser-latency.py, which put their own directory on
sys.path so that `import browser_harness` works from any working directory.

Needs: Debian `chromium` and `chromium-driver`, PyPI `selenium`.
"""

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

HEADLESS_ARGUMENTS = ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu")


def free_port():
    """A TCP port on 127.0.0.1 that nothing listened on a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One `switchboard serve` process on 127.0.0.1:`port`, its CLI and its REST API.

    `database_url` None means the default SQLite file in `data_dir`. `serve_arguments` are added to the serve
    command line (e.g. a log level). The timeouts are in seconds: `cli_timeout` for one CLI command,
    `start_timeout` for /health to answer after start (polled every `poll_interval`), `api_timeout` for one
    API request. Set `token` (e.g. from `switchboard token create`) before calling `api`.
    """

    def __init__(self, binary, data_dir, port, log_path, database_url=None, serve_arguments=(),
                 cli_timeout=120, start_timeout=60, poll_interval=0.3, api_timeout=30):
        self.binary = binary
        self.data_dir = data_dir
        self.database_url = database_url
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self.serve_arguments = list(serve_arguments)
        self.cli_timeout = cli_timeout
        self.start_timeout = start_timeout
        self.poll_interval = poll_interval
        self.api_timeout = api_timeout
        self.process = None
        self.token = None

    def location(self):
        """The command-line options that point a command at this server's data directory and database."""
        args = ["--data-dir", self.data_dir]
        if self.database_url:
            args += ["--database-url", self.database_url]
        return args

    def cli(self, *args):
        """Runs `switchboard ARGS` on this server's database; returns its stdout, raises when it fails."""
        result = subprocess.run([self.binary, *args, *self.location()], capture_output=True, text=True,
                                timeout=self.cli_timeout)
        if result.returncode != 0:
            raise RuntimeError(f"switchboard {' '.join(args[:2])} failed: {result.stderr.strip()}")
        return result.stdout

    def start(self):
        """Starts the server (output to `log_path`) and returns once /health answers 200; raises otherwise."""
        log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), *self.serve_arguments,
             *self.location()], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + self.start_timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(self.poll_interval)
        raise RuntimeError(f"the server did not answer /health within {self.start_timeout} s")

    def stop(self):
        """Terminates the server if it runs (killing it after 15 s)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def api(self, method, path, body=None):
        """Sends a JSON request with the bearer token; returns the decoded answer (None when empty).

        An HTTP error status raises RuntimeError naming the request, the status and the start of the body.
        """
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.api_timeout) as response:
                text = response.read().decode()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{method} {path} -> {error.code}: {error.read().decode()[:300]}") from None


def make_chrome(size, extra_arguments=(), capabilities=None):
    """A headless Chromium (driven by chromedriver) with a `size` (width, height) window.

    `extra_arguments` are added to Chromium's command line, `capabilities` (name -> value) to its options.
    """
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in (*HEADLESS_ARGUMENTS, f"--window-size={size[0]},{size[1]}", *extra_arguments):
        options.add_argument(argument)
    for name, value in (capabilities or {}).items():
        options.set_capability(name, value)
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)
