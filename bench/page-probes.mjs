// Code that runs INSIDE the page (installed with page.addInitScript before any app script):
// long tasks, long animation frames (with script attribution), every fetch the app makes (ARM
// calls from the emulator's User Timing measures: it answers them in the page, unseen by page.on('request')), the
// moment the blade becomes usable, and a helper that times one interaction until the DOM settles.
// Plain JavaScript on purpose: Playwright serialises this function's source into the page.

export function installProbes() {
  const B = {
    longtasks: [],
    loafs: [],
    fetches: [],
    usable: undefined,
  };
  Object.defineProperty(window, '__bench', { value: B, configurable: false });

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    B.longtaskUnsupported = true;
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        B.loafs.push({
          start: e.startTime,
          duration: e.duration,
          blocking: e.blockingDuration,
          scripts: (e.scripts ?? []).map((s) => ({
            src: s.sourceURL,
            fn: s.sourceFunctionName,
            invoker: s.invoker,
            duration: s.duration,
            charPos: s.sourceCharPosition,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    B.loafUnsupported = true;
  }

  // ARM calls never reach window.fetch's network path: the emulator's interceptor answers them in
  // the page and leaves a User Timing measure per answered call (mocks/browser.ts).
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const d = e.detail;
      if (d === null || typeof d !== 'object' || typeof d.url !== 'string' || typeof d.status !== 'number') continue;
      B.fetches.push({ method: d.method, url: d.url, start: e.startTime, end: e.startTime + e.duration, status: d.status });
    }
  }).observe({ type: 'measure', buffered: true });

  // Every other fetch (the emulator passes them to this wrapper, which it finds installed).
  const nativeFetch = window.fetch;
  window.fetch = function benchFetch(input, init) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = String(init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const record = { method, url, start: performance.now(), end: undefined, status: undefined };
    B.fetches.push(record);
    return nativeFetch.apply(this, [input, init]).then(
      (response) => {
        record.end = performance.now();
        record.status = response.status;
        return response;
      },
      (error) => {
        record.end = performance.now();
        record.status = 0;
        throw error;
      },
    );
  };

  /**
   * The milestones of the load so far, in ms after navigation, from the ARM calls asked before the
   * blade became usable: the first call asked (the page has started), the subscriptions answered
   * (the emulator's worker has loaded and built the fleet), the last list or Resource Graph page
   * answered, and usable. bench.mjs, ab.mjs and timeline.mjs read the phases between them.
   */
  B.milestones = () => {
    const usable = B.usable?.paint;
    const arm = B.fetches.filter((f) => f.url.startsWith('https://management.azure.com/') && f.start < (usable ?? Infinity));
    const lists = arm.filter((f) => /\/providers\/Microsoft\.(Compute|ClassicCompute|Network|Security|ResourceGraph|Authorization\/policyAssignments)/.test(f.url));
    return {
      firstAsked: arm.length === 0 ? NaN : Math.min(...arm.map((f) => f.start)),
      subscriptionsAnswered: arm.find((f) => new URL(f.url).pathname === '/subscriptions')?.end ?? NaN,
      lastListAnswered: lists.length === 0 ? NaN : Math.max(...lists.map((f) => f.end ?? 0)),
      usable: usable ?? NaN,
    };
  };

  // "After the next paint": a task posted from a requestAnimationFrame callback runs after that frame.
  const afterPaint = (callback) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback(performance.now());
      channel.port2.postMessage(0);
    });
  };

  // Usable: three tabs carrying a count, and a data row in the visible tab panel.
  const isUsable = () => {
    const tabs = document.querySelectorAll('[role="tab"]');
    if (tabs.length < 3) return false;
    let counted = 0;
    for (const tab of tabs) if (/\(\s*\d[\d,.\s\u00a0\u202f]*\)/.test(tab.textContent ?? '')) counted++;
    if (counted < 3) return false;
    return document.querySelector('[role="tabpanel"]:not([hidden]):not([aria-hidden="true"]) tbody tr[data-index]') !== null;
  };
  const usableObserver = new MutationObserver(() => {
    if (B.usable !== undefined || !isUsable()) return;
    B.usable = { dom: performance.now(), paint: undefined };
    usableObserver.disconnect();
    afterPaint((t) => {
      B.usable.paint = t;
    });
  });
  usableObserver.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });

  /**
   * Runs `action` (synchronously, from inside the page, right after a performance mark) and resolves
   * when no DOM mutation happened for `quietMs`, with the time of the paint after the last mutation.
   */
  B.interact = (action, quietMs = 300) =>
    new Promise((resolve) => {
      let last;
      let lastPaint;
      let mutations = 0;
      const observer = new MutationObserver(() => {
        const t = performance.now();
        last = t;
        mutations++;
        afterPaint((painted) => {
          if (last === t) lastPaint = painted;
        });
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      performance.mark('bench-start');
      const t0 = performance.now();
      action();
      const sync = performance.now() - t0;
      const poll = () => {
        const now = performance.now();
        const quiet = last === undefined ? now - t0 > 1000 : now - last >= quietMs && lastPaint !== undefined;
        if (!quiet) {
          setTimeout(poll, 20);
          return;
        }
        observer.disconnect();
        performance.mark('bench-end');
        const settled = lastPaint ?? now;
        resolve({
          t0,
          sync,
          settledMs: settled - t0,
          lastMutationMs: last === undefined ? undefined : last - t0,
          mutations,
          longtasks: B.longtasks.filter((lt) => lt.start + lt.duration > t0 && lt.start < settled),
          loafs: B.loafs.filter((f) => f.start + f.duration > t0 && f.start < settled),
        });
      };
      setTimeout(poll, 20);
    });

  /** Sets the search box as typing does (React listens to `input`, and wants the native setter). */
  B.typeInto = (selector, value) => {
    const input = document.querySelector(selector);
    if (!(input instanceof HTMLInputElement)) throw new Error(`no input ${selector}`);
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    setter?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
}
