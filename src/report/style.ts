/**
 * The page's CSS and its small script. Kept apart from the HTML builder so the
 * builder reads as structure; the script's hash goes into the page's
 * Content-Security-Policy, so nothing but this script can run even if some text
 * escaped the escaping.
 */
import { createHash } from 'node:crypto';

export const CSS = `
:root{--fg:#1d232b;--muted:#5b6673;--line:#d9dee4;--bg:#fff;--panel:#f6f8fa;--accent:#1f5fa8;
--block:#b3261e;--block-bg:#fbe9e7;--review:#8a5a00;--review-bg:#fff4d6;--allow:#4f6475;--allow-bg:#eef2f5;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
*{box-sizing:border-box}
html{scroll-behavior:smooth;scroll-padding-top:12px}
body{margin:0;color:var(--fg);background:var(--bg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;-webkit-text-size-adjust:100%}
.layout{display:grid;grid-template-columns:230px minmax(0,1fr);min-height:100vh}
nav.toc{position:sticky;top:0;align-self:start;height:100vh;overflow:auto;padding:20px 14px;border-right:1px solid var(--line);background:var(--panel);font-size:14px}
nav.toc .brand{font-weight:700;font-size:16px;margin:0 0 12px}
nav.toc ol{list-style:none;margin:0;padding:0}
nav.toc li{margin:2px 0}
nav.toc ol ol{padding-left:12px;font-size:13px}
nav.toc a{color:var(--fg);text-decoration:none;display:block;padding:2px 6px;border-radius:4px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
nav.toc a:hover{background:#e3e8ee}
main{padding:24px 36px 60px;max-width:1120px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:21px;margin:40px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:17px;margin:0 0 8px}
h4{font-size:14px;margin:16px 0 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
p{margin:8px 0}
a{color:var(--accent)}
.sub{color:var(--muted);margin:0 0 16px}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:10px;margin:16px 0}
.tile{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:var(--bg)}
.tile .v{font-size:22px;font-weight:650;font-variant-numeric:tabular-nums}
.tile .k{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.tile.warn{border-color:#e6c36a;background:var(--review-bg)}
.tile.bad{border-color:#e8a39d;background:var(--block-bg)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0;font-size:14px}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--panel);font-weight:600;white-space:nowrap;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.id{font-family:var(--mono);font-size:13px;white-space:nowrap}
a.mono,span.mono{white-space:nowrap}
tbody tr:hover{background:#f9fafb}
button.sort{all:unset;cursor:pointer}
button.sort::after{content:" \\2195";color:#9aa5b1;font-size:11px}
th[aria-sort=ascending] button.sort::after{content:" \\2191";color:var(--fg)}
th[aria-sort=descending] button.sort::after{content:" \\2193";color:var(--fg)}
.filter{margin:8px 0}
.filter input{font:inherit;padding:5px 8px;border:1px solid var(--line);border-radius:6px;width:min(360px,100%)}
.card{border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:16px 0;background:var(--bg);break-inside:avoid}
.card-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:8px 14px;margin-bottom:6px}
.card-head h3{margin:0;font-family:var(--mono);font-size:16px;white-space:nowrap}
.card>details>summary{cursor:pointer;list-style:none}
.card>details>summary::-webkit-details-marker{display:none}
.card>details>summary::before{content:"▸";color:var(--muted);margin-right:2px}
.card>details[open]>summary::before{content:"▾"}
.card>details:not([open])>summary{margin-bottom:0}
.card:has(>details:not([open])){padding:7px 14px;margin:6px 0}
.pager{display:flex;gap:10px;align-items:center;margin:8px 0 16px}
.pager button{font:inherit;padding:2px 10px;border:1px solid var(--line);border-radius:6px;background:var(--bg);cursor:pointer}
.pager button:disabled{opacity:.4;cursor:default}
.cards-title{margin-top:28px}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:650;letter-spacing:.03em;text-transform:uppercase;border:1px solid transparent}
.v-block{color:var(--block);background:var(--block-bg);border-color:#efb8b2}
.v-review{color:var(--review);background:var(--review-bg);border-color:#ecd08a}
.v-allow{color:var(--allow);background:var(--allow-bg);border-color:#cfd8df}
.score{font-variant-numeric:tabular-nums;font-weight:650}
.chips{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0}
.chip{font-size:12px;padding:1px 7px;border-radius:4px;background:var(--panel);border:1px solid var(--line);font-family:var(--mono)}
.chip.hot{background:#fdeeee;border-color:#efb8b2}
.summary{background:var(--panel);border-left:3px solid var(--accent);padding:8px 12px;margin:10px 0;border-radius:0 6px 6px 0}
.cols{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
.cols>div{min-width:0}
svg{max-width:100%;height:auto;display:block}
svg text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--muted)}
svg .bar{fill:#4a7fb8}
svg .axis{stroke:#9aa5b1;stroke-width:1;fill:none}
svg .hit rect{fill:transparent}
svg .hit rect:hover{fill:rgba(31,95,168,.12)}
svg .s-allow{fill:#8fa3b3}
svg .s-review{fill:#e0a526}
svg .s-block{fill:#c8453b}
svg .thr{stroke-width:1.5;stroke-dasharray:4 3;fill:none}
svg .thr-review{stroke:#a36b00}
svg .thr-block{stroke:var(--block)}
svg .thr-label{fill:var(--fg);font-weight:600}
svg.graph{border:1px solid var(--line);border-radius:8px;background:#fcfcfd}
svg.graph .edge{fill:none;stroke-width:1;stroke-opacity:.45}
svg.graph circle{stroke:#fff;stroke-width:1}
svg.graph .n-block{fill:#c8453b}
svg.graph .n-review{fill:#e0a526}
svg.graph .n-allow{fill:#8fa3b3}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px;color:var(--muted);margin:6px 0}
.legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:5px;vertical-align:-1px}
.legend i.line{border-radius:0;height:3px;width:16px;vertical-align:3px}
.caption{font-size:13px;color:var(--muted);margin:4px 0}
ol.reasons{list-style:none;padding:0;margin:6px 0}
ol.reasons li{display:grid;grid-template-columns:200px 70px 1fr;gap:10px;padding:4px 0;border-bottom:1px dashed var(--line);font-size:14px}
ol.reasons .sig{font-family:var(--mono);font-size:12.5px;overflow-wrap:anywhere}
ol.reasons .w{font-variant-numeric:tabular-nums;display:flex;align-items:center;gap:6px}
ol.reasons .w span{display:inline-block;height:6px;background:#c8453b;border-radius:3px;min-width:2px}
ol.reasons .w.neg span{background:#2e7d32}
.evidence{margin:6px 0;padding:0;list-style:none}
.evidence li{border:1px solid var(--line);border-radius:6px;margin:8px 0;overflow:hidden}
.evidence .meta{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;background:var(--panel);padding:4px 10px;font-size:12.5px;color:var(--muted)}
.evidence pre{margin:0;padding:8px 10px;white-space:pre-wrap;overflow-wrap:anywhere;font:12.5px/1.45 var(--mono);max-height:14em;overflow:auto;unicode-bidi:plaintext}
.note{font-size:13px;color:var(--muted)}
.empty{padding:14px;border:1px dashed var(--line);border-radius:8px;color:var(--muted);background:var(--panel)}
.error{padding:10px 14px;border:1px solid #efb8b2;background:var(--block-bg);border-radius:8px}
.guide dt{font-weight:650;margin-top:10px}
.guide dd{margin:2px 0 6px 0}
code{font-family:var(--mono);font-size:.92em;background:var(--panel);padding:0 3px;border-radius:3px}
.mono{font-family:var(--mono)}
[hidden]{display:none!important}
@media (max-width:900px){.layout{display:block}nav.toc{position:static;height:auto;border-right:0;border-bottom:1px solid var(--line)}main{padding:16px}ol.reasons li{grid-template-columns:1fr 70px}ol.reasons li .d{grid-column:1/-1}}
@media print{nav.toc,.filter,.noprint{display:none!important}.layout{display:block}main{max-width:none;padding:0}
body{font-size:11pt}h2{break-after:avoid}.card{break-inside:avoid;border-color:#bbb}th{position:static}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}.evidence pre{max-height:none;overflow:visible}a{color:inherit;text-decoration:none}}
`;

/**
 * Progressive niceties only: sortable table headers and a filter box for the
 * accounts table. The page reads the same without it.
 */
export const SCRIPT = `(function(){
var tables=document.querySelectorAll('table.sortable');
Array.prototype.forEach.call(tables,function(t){
 if(!t.tHead||!t.tBodies[0])return;
 var ths=t.tHead.rows[0].cells;
 Array.prototype.forEach.call(ths,function(th,col){
  var b=document.createElement('button');b.type='button';b.className='sort';b.textContent=th.textContent;
  th.textContent='';th.appendChild(b);
  b.addEventListener('click',function(){
   var asc=th.getAttribute('aria-sort')==='descending';
   Array.prototype.forEach.call(ths,function(o){o.removeAttribute('aria-sort');});
   th.setAttribute('aria-sort',asc?'ascending':'descending');
   var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
   var key=function(r){var c=r.cells[col];if(!c)return '';var v=c.getAttribute('data-v');return v!==null?Number(v):c.textContent.toLowerCase();};
   rows.sort(function(a,b){var x=key(a),y=key(b);var o=x<y?-1:x>y?1:0;return asc?o:-o;});
   rows.forEach(function(r){body.appendChild(r);});
  });
 });
});
function pager(t){
 var size=Number(t.getAttribute('data-page'));if(!size||!t.tBodies[0])return null;
 var page=0,box=document.createElement('div');box.className='pager noprint';
 var prev=document.createElement('button'),next=document.createElement('button'),label=document.createElement('span');
 prev.type=next.type='button';prev.textContent='\u2190 previous';next.textContent='next \u2192';
 box.appendChild(prev);box.appendChild(label);box.appendChild(next);t.parentNode.insertBefore(box,t.nextSibling);
 function show(){var rows=Array.prototype.filter.call(t.tBodies[0].rows,function(r){return r.getAttribute('data-out')!=='1';});
  var pages=Math.max(1,Math.ceil(rows.length/size));if(page>=pages)page=pages-1;if(page<0)page=0;
  Array.prototype.forEach.call(t.tBodies[0].rows,function(r){r.hidden=true;});
  rows.slice(page*size,page*size+size).forEach(function(r){r.hidden=false;});
  label.textContent=rows.length?('rows '+(page*size+1)+'\u2013'+Math.min(rows.length,page*size+size)+' of '+rows.length):'no rows';
  prev.disabled=page===0;next.disabled=page>=pages-1;}
 prev.addEventListener('click',function(){page--;show();});next.addEventListener('click',function(){page++;show();});
 show();return {show:show,reset:function(){page=0;show();},reveal:function(r){
  var rows=Array.prototype.filter.call(t.tBodies[0].rows,function(x){return x.getAttribute('data-out')!=='1';});
  var i=rows.indexOf(r);if(i>=0){page=Math.floor(i/size);show();}}};
}
var pagers={};
Array.prototype.forEach.call(document.querySelectorAll('table[data-page]'),function(t){var p=pager(t);if(p){pagers[t.id]=p;
 Array.prototype.forEach.call(t.querySelectorAll('button.sort'),function(b){b.addEventListener('click',function(){p.reset();});});}});
Array.prototype.forEach.call(document.querySelectorAll('[data-filter]'),function(inp){
 var t=document.getElementById(inp.getAttribute('data-filter'));if(!t||!t.tBodies[0])return;
 inp.parentNode.hidden=false;
 inp.addEventListener('input',function(){var q=inp.value.toLowerCase();
  Array.prototype.forEach.call(t.tBodies[0].rows,function(r){var out=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;r.setAttribute('data-out',out?'1':'0');r.hidden=out;});
  if(pagers[t.id])pagers[t.id].reset();});
});
function openTarget(){var id=location.hash.slice(1);if(!id)return;var el=document.getElementById(id);if(!el)return;
 var tb=el.closest('table[data-page]');if(tb&&pagers[tb.id])pagers[tb.id].reveal(el);
 for(var d=el;d;d=d.parentElement){if(d.tagName==='DETAILS')d.open=true;}
 var inner=el.querySelector(':scope>details');if(inner)inner.open=true;el.scrollIntoView();}
window.addEventListener('hashchange',openTarget);openTarget();
})();`;

/** The CSP source for SCRIPT: only this exact script may run in the page. */
export const SCRIPT_HASH = `'sha256-${createHash('sha256').update(SCRIPT, 'utf8').digest('base64')}'`;
