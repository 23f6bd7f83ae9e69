"""A minimal Chrome DevTools Protocol client over a WebSocket, with the Python
standard library only (the project installs no browser-automation package)."""
import base64, json, os, socket, struct, time, urllib.request


class CDP:
    def __init__(self, ws_url, timeout=30):
        assert ws_url.startswith('ws://')
        hostport, path = ws_url[5:].split('/', 1)
        host, port = hostport.split(':')
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f'GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n'
                           f'Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n').encode())
        head = b''
        while b'\r\n\r\n' not in head:
            head += self.sock.recv(1)
        assert b' 101 ' in head.split(b'\r\n')[0], head
        self.next_id = 0
        self.events = []

    def _send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        header = b'\x81' + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack('>H', n) if n < 65536
                            else bytes([0x80 | 127]) + struct.pack('>Q', n))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, n):
        buf = b''
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError('websocket closed')
            buf += chunk
        return buf

    def _recv(self):
        message = b''
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7f
            if n == 126: n = struct.unpack('>H', self._exact(2))[0]
            elif n == 127: n = struct.unpack('>Q', self._exact(8))[0]
            payload = self._exact(n)
            message += payload
            if b0 & 0x80:
                return message.decode()

    def call(self, method, **params):
        self.next_id += 1
        my = self.next_id
        self._send(json.dumps({'id': my, 'method': method, 'params': params}))
        while True:
            msg = json.loads(self._recv())
            if msg.get('id') == my:
                if 'error' in msg:
                    raise RuntimeError(f'{method}: {msg["error"]}')
                return msg.get('result', {})
            self.events.append(msg)

    def eval(self, expression):
        r = self.call('Runtime.evaluate', expression=expression, returnByValue=True, awaitPromise=True)
        if 'exceptionDetails' in r:
            raise RuntimeError(f'{expression}: {r["exceptionDetails"]}')
        return r['result'].get('value')

    def wait_for(self, expression, timeout=60, what=None):
        end = time.time() + timeout
        while time.time() < end:
            try:
                v = self.eval(expression)
                if v:
                    return v
            except RuntimeError:
                pass   # a navigation destroyed the context; try again
            time.sleep(0.25)
        raise TimeoutError(what or expression)

    def screenshot(self, path, full_page=True):
        params = {'format': 'png'}
        if full_page:
            m = self.call('Page.getLayoutMetrics')
            size = m.get('cssContentSize') or m['contentSize']
            params.update(captureBeyondViewport=True,
                          clip={'x': 0, 'y': 0, 'width': size['width'], 'height': min(size['height'], 12000), 'scale': 1})
        data = self.call('Page.captureScreenshot', **params)['data']
        with open(path, 'wb') as f:
            f.write(base64.b64decode(data))


def page_websocket(port, timeout=30):
    """The WebSocket URL of the first page target of a browser started with --remote-debugging-port."""
    end = time.time() + timeout
    while time.time() < end:
        try:
            targets = json.load(urllib.request.urlopen(f'http://127.0.0.1:{port}/json/list', timeout=2))
            pages = [t for t in targets if t.get('type') == 'page']
            if pages:
                return pages[0]['webSocketDebuggerUrl']
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError('the browser did not open its debugging port')
