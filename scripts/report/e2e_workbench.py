#!/usr/bin/env python3
"""End-to-end check of the workbench in a real headless browser (Debian's chromium).

Starts `fulcrum serve` on a free loopback port with a fresh run store, opens the form,
runs once with every input at its median, drags one slider to the end of its range
with real mouse events, runs again, and checks that the figure that input drives
changed on the report and on the comparison page. Screenshots go to SHOTS (git-ignored).

usage: e2e_workbench.py FULCRUM_BINARY SCENARIO_DIR INPUT_PATH FIGURE_KEY SHOTS [SAMPLES]
"""
import json, os, re, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import CDP, page_websocket


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def main():
    fulcrum, scenario, input_path, figure_key, shots = sys.argv[1:6]
    samples = sys.argv[6] if len(sys.argv) > 6 else '8'
    os.makedirs(shots, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='fulcrum-e2e-')
    port, debug_port = free_port(), free_port()
    server = subprocess.Popen([fulcrum, 'serve', '--port', str(port), '--store', os.path.join(tmp, 'runs.sqlite')],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    browser = None
    try:
        base = f'http://127.0.0.1:{port}'
        for _ in range(200):
            try:
                urllib.request.urlopen(base + '/runs', timeout=1); break
            except OSError:
                time.sleep(0.1)
        chromium = shutil.which('chromium') or shutil.which('chromium-browser')
        if not chromium:
            sys.exit('chromium is not installed (apt-get install -y chromium)')
        browser = subprocess.Popen([chromium, '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
                                    f'--remote-debugging-port={debug_port}', f'--user-data-dir={tmp}/profile',
                                    '--window-size=1280,1000', 'about:blank'],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cdp = CDP(page_websocket(debug_port))
        cdp.call('Page.enable')
        cdp.call('Emulation.setDeviceMetricsOverride', width=1280, height=1000, deviceScaleFactor=1, mobile=False)

        def open_form():
            cdp.call('Page.navigate', url=f'{base}/?scenario={urllib.parse.quote(scenario)}')
            cdp.wait_for("document.readyState === 'complete' && !!document.getElementById('run-form')", what='the form')
            cdp.eval(f"document.querySelector('input[name=samples]').value = '{samples}'")

        def run_and_wait():
            invalid = cdp.eval("Array.from(document.querySelectorAll('#run-form input'))"
                               ".filter(e => !e.checkValidity()).map(e => [e.name, e.value, e.validationMessage])")
            assert not invalid, f'the browser finds these fields invalid: {invalid}'
            cdp.eval("document.getElementById('run').click()")
            url = cdp.wait_for("location.pathname.startsWith('/runs/') && document.readyState === 'complete' && location.pathname",
                               timeout=900, what='the run to finish')
            return int(url.rsplit('/', 1)[1])

        def figure():
            return cdp.eval(f"(() => {{ const e = document.querySelector('[data-key=\"{figure_key}\"]'); return e ? [e.dataset.value, e.textContent] : null }})()")

        # 1. Every input at its median.
        open_form()
        cdp.screenshot(os.path.join(shots, '1-form.png'), full_page=False)
        run_a = run_and_wait()
        before = figure()
        assert before, f'figure {figure_key} not on the report of run {run_a}'
        cdp.screenshot(os.path.join(shots, '2-report-a.png'))

        # 2. Drag the slider to the right end with the mouse, as a user would.
        open_form()
        row = f"document.querySelector('tr[data-path=\"{input_path}\"]')"
        cdp.eval(f"{row}.scrollIntoView({{block: 'center'}})")
        rect = cdp.eval(f"(() => {{ const r = {row}.querySelector('input[type=range]').getBoundingClientRect(); return [r.left, r.top, r.width, r.height] }})()")
        assert rect, f'no slider for {input_path}'
        left, top, width, height = rect
        value0 = cdp.eval(f"{row}.querySelector('input[type=range]').value")
        x0 = left + width * (float(value0) - float(cdp.eval(f"{row}.querySelector('input[type=range]').min"))) / \
            (float(cdp.eval(f"{row}.querySelector('input[type=range]').max")) - float(cdp.eval(f"{row}.querySelector('input[type=range]').min")))
        y = top + height / 2
        cdp.call('Input.dispatchMouseEvent', type='mousePressed', x=x0, y=y, button='left', clickCount=1)
        for k in range(1, 11):
            cdp.call('Input.dispatchMouseEvent', type='mouseMoved', x=x0 + (left + width + 20 - x0) * k / 10, y=y, button='left')
        cdp.call('Input.dispatchMouseEvent', type='mouseReleased', x=left + width + 20, y=y, button='left', clickCount=1)
        slider = cdp.eval(f"{row}.querySelector('input[type=range]').value")
        field = cdp.eval(f"{row}.querySelector('input[type=number]').value")
        assert slider != value0, f'the slider did not move ({value0})'
        assert field == slider, f'the number field ({field}) did not follow the slider ({slider})'
        assert cdp.eval(f"{row}.classList.contains('changed')"), 'the moved input is not highlighted'
        cdp.screenshot(os.path.join(shots, '3-slider-moved.png'), full_page=False)
        run_b = run_and_wait()
        after = figure()
        cdp.screenshot(os.path.join(shots, '4-report-b.png'))
        assert cdp.eval(f"document.body.textContent.includes('{input_path} = ')"), 'the report does not show the what-if'
        assert after and after[0] != before[0], f'{figure_key} did not change: {before} → {after}'

        # 3. Compare the two runs side by side.
        cdp.call('Page.navigate', url=f'{base}/compare?a={run_a}&b={run_b}')
        cdp.wait_for("document.readyState === 'complete' && !!document.querySelector('table.diff-outcome')", what='the comparison')
        inputs_text = cdp.eval("document.querySelector('table.diff-inputs').textContent")
        assert input_path in inputs_text, 'the comparison does not list the moved input'
        outcome_rows = cdp.eval("document.querySelectorAll('table.diff-outcome tr').length") - 1
        assert outcome_rows >= 1, 'the comparison shows no change in the outcome'
        time.sleep(1.0)   # let the two report frames paint
        cdp.screenshot(os.path.join(shots, '5-compare.png'), full_page=False)
        print(f'ok: {figure_key} {before[1]} → {after[1]} after moving {input_path} from {value0} to {slider}; '
              f'{outcome_rows} outcome changes on the comparison page; screenshots in {shots}')
        print('1 passed, 0 failed')
    finally:
        if browser:
            browser.terminate(); browser.wait(10)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    import urllib.parse
    main()
