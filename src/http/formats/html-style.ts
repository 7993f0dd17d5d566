import { SafeHtml } from './html-template.js';

/**
 * The page's only styles, inline (the CSP allows nothing else). One column on a phone, a grid of cards on a wide
 * screen; long names, reasons and details wrap anywhere, so nothing scrolls sideways.
 */
export const PAGE_STYLE = new SafeHtml(`
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--ink:#1c2430;--muted:#5b6675;--line:#dde2e8;
--healthy:#1f8a4c;--degraded:#b7791f;--failed:#c53030;--unknown:#718096}
@media (prefers-color-scheme:dark){:root{--bg:#12161c;--card:#1b2129;--ink:#e6ebf1;--muted:#9aa6b5;--line:#2c3440;
--healthy:#3fb672;--degraded:#e0a43a;--failed:#ef5b5b}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
overflow-wrap:anywhere}
header.overall,main,footer{max-width:1200px;margin:0 auto;padding:12px 16px}
header.overall{border-bottom:4px solid var(--status)}
h1{font-size:1.35rem;margin:.2rem 0}
h2{font-size:1.05rem;margin:0}
h3{font-size:.8rem;margin:.8rem 0 .3rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.badge{display:inline-block;padding:.05rem .55rem;border-radius:999px;color:#fff;background:var(--status);font-weight:600}
.meta{color:var(--muted);margin:.2rem 0}
.checks{display:grid;gap:12px;grid-template-columns:repeat(auto-fill,minmax(min(100%,360px),1fr))}
.card{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--status);border-radius:8px;padding:12px;min-width:0}
.card header{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;justify-content:space-between}
.healthy{--status:var(--healthy)}.degraded{--status:var(--degraded)}.failed{--status:var(--failed)}.unknown{--status:var(--unknown)}
dl{display:grid;grid-template-columns:fit-content(45%) minmax(0,1fr);gap:.15rem .8rem;margin:.4rem 0}
dt{color:var(--muted)}dd{margin:0;min-width:0}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap}
.reason{margin:.5rem 0;padding:.4rem .6rem;border-radius:6px;background:color-mix(in srgb,var(--status) 12%,transparent);white-space:pre-wrap}
figure{margin:.6rem 0 0}
svg.spark{display:block;width:100%;height:44px;background:color-mix(in srgb,var(--line) 35%,transparent);border-radius:4px}
figcaption,.empty{color:var(--muted);font-size:.85rem}
ol.timeline{list-style:none;margin:0;padding:0}
ol.timeline li{padding:.3rem 0 .3rem .7rem;border-left:3px solid var(--status);margin:.25rem 0}
ol.timeline .reason{margin:.2rem 0 0;padding:.2rem .4rem}
time{font-variant-numeric:tabular-nums}
section.system{margin-top:16px}
footer{color:var(--muted);font-size:.85rem}
`);
