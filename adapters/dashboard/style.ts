/**
 * The dashboard's one stylesheet, inline (the CSP allows no other source).
 * Colours keep at least 4.5:1 against their background; focus is always
 * visible; tables scroll sideways on a narrow screen instead of the page.
 */
export const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5360; --line: #c9ced6; --bg: #ffffff;
  --band: #f3f5f8; --brand: #13315c; --link: #0b4fa8; --focus: #c2410c; --warn-bg: #fff4e5; --warn: #7a3e00; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", sans-serif;
  color: var(--ink); background: var(--bg); }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, main:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; color: var(--link); padding: .5rem 1rem; }
.skip:focus { left: .5rem; z-index: 10; }
header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .6rem 1.25rem;
  background: var(--brand); color: #fff; }
header.top a { color: #fff; }
header.top a:focus-visible, header.top button:focus-visible { outline-color: #ffd166; }
.brand { font-weight: 700; font-size: 1.15rem; margin: 0; }
.brand a { text-decoration: none; }
nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
nav a { text-decoration: none; padding: .2rem .1rem; border-bottom: 3px solid transparent; }
nav a[aria-current="page"] { border-bottom-color: #ffd166; font-weight: 700; }
nav a:hover { border-bottom-color: #fff; }
.who { margin-left: auto; display: flex; align-items: center; gap: .75rem; }
.who form { margin: 0; }
button, .button { font: inherit; cursor: pointer; border-radius: 4px; padding: .3rem .8rem;
  border: 1px solid var(--brand); background: var(--brand); color: #fff; }
header.top button { background: #fff; color: var(--brand); border-color: #fff; }
main { padding: 1rem 1.25rem 3rem; max-width: 90rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; }
.muted { color: var(--muted); }
.notice { background: var(--warn-bg); color: var(--warn); border-left: 4px solid var(--warn); padding: .6rem .9rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.25rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .4rem 0; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--band); }
/* Language coverage: one table per team, the same columns in each so they read as one list. */
table.coverage { table-layout: fixed; } table.coverage thead th:nth-child(-n+2) { width: 12rem; }
tbody tr:nth-child(even) { background: #fafbfc; }
form.filters { display: flex; flex-wrap: wrap; gap: .75rem 1rem; align-items: flex-end; margin: 0 0 1rem;
  padding: .75rem; background: var(--band); border-radius: 6px; }
form.filters fieldset { border: 0; margin: 0; padding: 0; display: contents; }
form.filters legend { position: absolute; left: -999px; }
.field { display: flex; flex-direction: column; gap: .2rem; }
.field label { font-size: .9rem; font-weight: 600; }
input, select { font: inherit; padding: .25rem .4rem; border: 1px solid #6b7380; border-radius: 4px;
  background: #fff; color: var(--ink); }
.pager, .exports { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: 1rem 0; }
.pager ul, .exports ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
ol.timeline { padding-left: 1.25rem; }
ol.timeline li { margin: .2rem 0; }
`;
