// tests/html/browser.mjs - drives casegraph's .html page in Debian's headless
// chromium through playwright-core (tests/suites/html.sh installs it under
// build/html/) and prints one "ok - NAME" / "not ok - NAME" line per check.
//
//   node tests/html/browser.mjs [OPTIONS] FILE.html
//     --name NAME        the prefix of every check's name
//     --dated N          the time axis must have N marks (one per dated edge)
//     --click ID --expect TEXT   a real mouse click on node ID must show TEXT
//                        in the panel (a source's title, say)
//     --link URL         ... and a live link to URL
//     --click-edge K --expect-edge 'A|B'  a click on edge K's label must
//                        show each of A, B in the panel
//     --rows N           the table has N rows (1000 at first, then "show more")
//     --search Q --matches N     typing Q highlights N nodes
//     --hostile          clicks, hovers and searches everything; no script of
//                        the graph's may run, no javascript:/data: link live
//     --shot OUT.png     a screenshot of the page (1400 x 1000), after
//                        --shot-click ID, --shot-search Q, --shot-zoom N
//                        (+ clicks) and --shot-hover K (the K-th time mark)
// The page must load with no console error, no page error and no request
// but the page itself.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const pw = require(process.env.CG_PLAYWRIGHT || path.resolve('build/html/node_modules/playwright-core'));

const args = process.argv.slice(2);
const opt = { name: 'page' };
let file = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--hostile') opt.hostile = true;
  else if (a.startsWith('--')) opt[a.slice(2)] = args[++i];
  else file = a;
}
let failed = 0;
function check(name, cond, detail) {
  if (cond) console.log(`ok - ${opt.name}: ${name}`);
  else {
    failed++;
    console.log(`not ok - ${opt.name}: ${name}`);
    if (detail !== undefined) console.log('    ' + String(detail).split('\n').join('\n    '));
  }
}

const browser = await pw.chromium.launch({
  executablePath: process.env.CG_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors = [], requests = [], dialogs = [];
  const url = pathToFileURL(path.resolve(file)).href;
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  // a script of the graph's would set this flag or call alert
  await page.addInitScript(() => {
    window.__cgPwned = 0;
    const hit = () => { window.__cgPwned = window.__cgPwned || 99; };
    window.alert = hit; window.confirm = hit; window.prompt = hit;
  });
  await page.goto(url, { waitUntil: "load", timeout: Number(process.env.CG_PAGE_TIMEOUT || 60000) });
  const ready = await page.waitForSelector('html[data-ready="1"]', { timeout: 15000 }).then(() => true, () => false);
  check('the script ran to its end', ready, errors.join('\n'));

  if (opt.dated !== undefined) {
    const marks = await page.$$eval('#cg-axis .cg-mark', (m) => m.length);
    check(`the time axis has one mark per dated edge (${opt.dated})`, marks === Number(opt.dated), `marks: ${marks}`);
    // a mark's width is the interval its date covers: a year mark is wider than a day's
    // (a page whose diagram has no edge elements, the stand-in Graphviz's, has nothing to highlight)
    if (marks && await page.$('g.edge[id^="cg-e-"]')) {
      const hovered = await page.evaluate(async () => {
        const m = document.querySelector('#cg-axis .cg-mark');
        m.dispatchEvent(new MouseEvent('mouseenter'));
        const id = 'cg-e-' + m.dataset.edge;
        const on = document.getElementById(id).classList.contains('cg-hl');
        m.dispatchEvent(new MouseEvent('mouseleave'));
        return on && !document.getElementById(id).classList.contains('cg-hl');
      });
      check('hovering a time mark highlights its edge in the diagram, leaving clears it', hovered);
      const real = await page.locator('#cg-axis .cg-mark').first().hover().then(() => true, (e) => e.message);
      const viaMouse = real === true && await page.evaluate(() => document.querySelectorAll('g.edge.cg-hl').length === 1);
      check('a real mouse hover on a mark highlights one edge', viaMouse, real);
      await page.mouse.move(0, 0);
    }
  }
  if (opt.click) {
    const ix = await page.evaluate((id) => {
      const d = JSON.parse(document.getElementById('cg-data').textContent);
      return d.graph.nodes.findIndex((n) => n.id === id);
    }, opt.click);
    const clicked = ix >= 0 && await page.locator(`#cg-n-${ix}`).click().then(() => true, (e) => e.message);
    check(`a mouse click on node ${opt.click} in the diagram`, clicked === true, clicked);
    const text = await page.$eval('#cg-panel', (p) => p.textContent);
    check(`the panel shows node ${opt.click}'s sources ("${opt.expect}")`, text.includes(opt.expect), text.slice(0, 600));
    if (opt.link) {
      const links = await page.$$eval('#cg-panel a[href]', (as) => as.map((a) => a.href));
      check(`the panel links ${opt.link}`, links.includes(opt.link), links.join('\n'));
    }
    const sel = await page.$eval(`#cg-n-${ix}`, (g) => g.classList.contains('cg-sel'));
    check('the clicked node is marked selected', sel);
  }
  if (opt['click-edge'] !== undefined) {
    // a real click on the edge's label (its line is too thin to aim at)
    const k = Number(opt['click-edge']);
    const clicked = await page.locator(`#cg-e-${k} text`).first().click().then(() => true, (e) => e.message);
    check(`a mouse click on edge ${k}'s label in the diagram`, clicked === true, clicked);
    const text = await page.$eval('#cg-panel', (p) => p.textContent);
    for (const want of opt['expect-edge'].split('|'))
      check(`the edge's panel shows "${want}"`, text.includes(want), text.slice(0, 600));
    const sel = await page.$eval(`#cg-e-${k}`, (g) => g.classList.contains('cg-sel'));
    check('the clicked edge is marked selected', sel);
  }
  if (opt.rows !== undefined) {
    // the table shows 1000 rows at first, and a button the rest
    const want = Number(opt.rows);
    const first = await page.$$eval('#cg-table tbody tr', (r) => r.length);
    check(`the table opens with ${Math.min(want, 1000)} of its ${want} rows`, first === Math.min(want, 1000), `rows: ${first}`);
    while (await page.$('#cg-table button.cg-link')) await page.click('#cg-table button.cg-link');
    const all = await page.$$eval('#cg-table tbody tr', (r) => r.length);
    check(`"show more" brings all ${want} rows, then goes away`, all === want, `rows: ${all}`);
  }
  if (opt.search !== undefined) {
    await page.fill('#cg-search', opt.search);
    const n = await page.$$eval('g.node.cg-match', (g) => g.length);
    check(`search "${opt.search}" highlights ${opt.matches} node(s)`, n === Number(opt.matches), `highlighted: ${n}`);
    const count = await page.$eval('#cg-count', (c) => c.textContent);
    check('search says how many nodes match', count.startsWith(opt.matches + ' matching'), count);
    await page.fill('#cg-search', '');
    const left = await page.$$eval('g.node.cg-match', (g) => g.length);
    check('an empty search clears the highlight', left === 0, `highlighted: ${left}`);
  }
  if (opt.hostile) {
    // everything a reader can do: click every node and edge, hover every
    // mark and row, search for markup
    await page.evaluate(() => {
      for (const g of document.querySelectorAll('g.node, g.edge'))
        g.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      for (const m of document.querySelectorAll('.cg-mark, tr.cg-row')) {
        m.dispatchEvent(new MouseEvent('mouseenter'));
        m.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      }
    });
    const n = await page.$$eval('g.node[id^="cg-n-"]', (g) => g.length);
    for (let i = 0; i < n; i++) {
      await page.locator(`#cg-n-${i}`).click();
      // the panel's buttons (edges, endpoints) too
      const buttons = await page.$$('#cg-panel button');
      for (const b of buttons.slice(0, 3)) await b.click().catch(() => {});
    }
    await page.fill('#cg-search', '<img src=x onerror=alert(1)>');
    await page.press('#cg-search', 'Enter');
    // the edge with every kind of url, in the panel
    await page.evaluate(() => document.getElementById('cg-e-0').dispatchEvent(new MouseEvent('click', { bubbles: true })));
    await page.waitForTimeout(300);
    const st = await page.evaluate(() => ({
      pwned: window.__cgPwned,
      scripts: document.querySelectorAll('script').length,
      imgs: document.querySelectorAll('img, iframe, object, embed, foreignObject, style').length,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
      hrefs: [...document.querySelectorAll('[href], [*|href]')].map((e) => e.getAttribute('href') || e.getAttributeNS('http://www.w3.org/1999/xlink', 'href')),
      dead: [...document.querySelectorAll('#cg-panel .cg-url-dead')].map((e) => e.textContent),
      text: document.body.textContent,
      title: document.title,
    }));
    check('no script of the graph ran (no flag, no alert)', st.pwned === 0, `__cgPwned = ${st.pwned}`);
    check('no dialog opened', dialogs.length === 0, dialogs.join('\n'));
    check('the page has only its own two script elements', st.scripts === 2, `scripts: ${st.scripts}`);
    check('no img, iframe, object, embed, foreignObject or extra style element appeared', st.imgs === 1, `count (1 is the page's own style): ${st.imgs}`);
    check('no element has an event-handler attribute', st.handlers === 0, `elements: ${st.handlers}`);
    check('every live link is http: or https:', st.hrefs.every((h) => /^https?:/i.test(h)), st.hrefs.join('\n'));
    check('the javascript: url is shown as inert text, not a link', st.dead.some((t) => t.startsWith('javascript:')), st.dead.join('\n'));
    check('a data: url is inert text too', st.dead.some((t) => t.startsWith('data:')), st.dead.join('\n'));
    check('a name with markup is shown as its text', st.text.includes('<img src=x onerror="window.__cgPwned=4;alert(6)">'), st.text.slice(0, 400));
    check('a name holding </script> is shown as its text', st.text.includes('</script><script>window.__cgPwned=5;alert(9)</script>'));
    check('the graph name is the title, as text', st.title.startsWith("</script><script>window.__cgPwned=1;alert('name')</script>"), st.title);
    const svgText = await page.$eval('#cg-diagram svg', (s) => s.textContent);
    check('the diagram shows the hostile names as text', svgText.includes('<img src=x onerror='), svgText.slice(0, 300));
  }
  // pan and zoom change the diagram's view box
  if (await page.$('#cg-diagram svg')) {
    await page.evaluate(() => window.scrollTo(0, 0));
    const vb = () => page.$eval('#cg-diagram svg', (s) => s.getAttribute('viewBox'));
    const v0 = await vb();
    await page.click('#cg-zoom-in');
    const v1 = await vb();
    const w = (v) => Number(v.split(' ')[2]);
    check('the + button zooms in', w(v1) < w(v0), `${v0} -> ${v1}`);
    const box = await page.locator('#cg-diagram').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 300);
    const v2 = await vb();
    check('the wheel zooms out', w(v2) > w(v1), `${v1} -> ${v2}`);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, { steps: 4 });
    await page.mouse.up();
    const v3 = await vb();
    check('a drag pans the diagram', Number(v3.split(' ')[0]) < Number(v2.split(' ')[0]), `${v2} -> ${v3}`);
    await page.click('#cg-fit');
    check('fit returns to the first view', (await vb()) === v0, `${v0} vs ${await vb()}`);
  }
  if (opt.shot) {
    // the README's picture: a node's panel open, a search, a hovered event
    if (opt['shot-click']) await page.evaluate((id) => {
      const d = JSON.parse(document.getElementById('cg-data').textContent);
      const i = d.graph.nodes.findIndex((n) => n.id === id);
      document.getElementById('cg-n-' + i).dispatchEvent(new MouseEvent('click', { bubbles: true }));
    }, opt['shot-click']);
    if (opt['shot-search']) await page.fill('#cg-search', opt['shot-search']);
    for (let k = 0; k < Number(opt['shot-zoom'] || 0); k++) await page.click('#cg-zoom-in');
    if (opt['shot-hover']) await page.locator('#cg-axis .cg-mark').nth(Number(opt['shot-hover'])).hover();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: opt.shot, fullPage: false });
  }
  check('no console error or warning', errors.length === 0, errors.join('\n'));
  check('no network request (nothing but the file itself)', requests.length === 0, requests.join('\n'));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
