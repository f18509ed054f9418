/**
 * The console's stylesheet and script, served from memory (no front-end build, nothing to copy into dist). The
 * script only enhances: every page works without it.
 */
export const ADMIN_CSS = `
:root{--bg:#f5f6f8;--card:#fff;--ink:#1d2330;--muted:#667085;--line:#e4e7ec;--accent:#0f766e;--accent-ink:#fff;
--ok:#067647;--ok-bg:#ecfdf3;--warn:#b54708;--warn-bg:#fffaeb;--bad:#b42318;--bad-bg:#fef3f2;--off:#475467;--off-bg:#f2f4f7}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
header.top{display:flex;align-items:center;gap:24px;padding:0 24px;height:52px;background:#101828;color:#fff}
header.top .brand{font-weight:700;letter-spacing:.3px}
header.top nav{display:flex;gap:4px;flex:1}
header.top nav a{color:#d0d5dd;padding:6px 10px;border-radius:6px}
header.top nav a.on,header.top nav a:hover{background:#344054;color:#fff;text-decoration:none}
header.top form{margin:0}
main{max-width:1180px;margin:0 auto;padding:20px 24px 48px}
h1{font-size:20px;margin:4px 0 16px}h2{font-size:15px;margin:0 0 10px}
.grid{display:grid;gap:14px;grid-template-columns:repeat(auto-fill,minmax(230px,1fr))}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;margin-bottom:14px}
.card.flat{padding:0;overflow:hidden}
.stat{font-size:24px;font-weight:650}.label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.4px}
.muted{color:var(--muted)}.small{font-size:12px}.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:8px 12px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600;background:#fafbfc}
tr:last-child td{border-bottom:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap}
.b-ok{background:var(--ok-bg);color:var(--ok)}.b-warn{background:var(--warn-bg);color:var(--warn)}
.b-bad{background:var(--bad-bg);color:var(--bad)}.b-off{background:var(--off-bg);color:var(--off)}
.btn{display:inline-block;border:1px solid var(--accent);background:var(--accent);color:var(--accent-ink);border-radius:7px;
padding:7px 14px;font:inherit;font-weight:600;cursor:pointer}
.btn.ghost{background:transparent;color:var(--accent)}.btn.danger{background:var(--bad);border-color:var(--bad)}
.btn.small{padding:3px 10px;font-size:12px}
header.top .btn.ghost{color:#d0d5dd;border-color:#475467}
input[type=text],input[type=password],input[type=search],input[type=number],select,textarea{font:inherit;padding:7px 10px;
border:1px solid #d0d5dd;border-radius:7px;background:#fff;min-width:0}
textarea{width:100%;min-height:64px;resize:vertical}
textarea.tall{min-height:96px}
.grow{flex:1}.narrow{width:110px}form.spaced{margin-top:8px}
form.inline{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:0}
.field{margin-bottom:12px}.field label{display:block;font-weight:600;margin-bottom:4px}.field input,.field select{width:100%}
.field .hint{color:var(--muted);font-size:12px}
.two{display:grid;grid-template-columns:1fr 1fr;gap:0 16px}
.alert{padding:10px 14px;border-radius:8px;margin-bottom:14px;border:1px solid}
.alert.bad{background:var(--bad-bg);color:var(--bad);border-color:#fecdca}.alert.ok{background:var(--ok-bg);color:var(--ok);border-color:#abefc6}
.alert.warn{background:var(--warn-bg);color:var(--warn);border-color:#fedf89}
.login{max-width:360px;margin:12vh auto}
.chat{display:flex;flex-direction:column;gap:10px}
.msg{max-width:75%;padding:9px 12px;border-radius:12px;word-wrap:break-word}
.msg .text{white-space:pre-wrap}
.msg.customer{align-self:flex-start;background:#fff;border:1px solid var(--line)}
.msg.bot{align-self:flex-end;background:#d1fadf;border:1px solid #a6f4c5}
.msg .meta{display:block;font-size:11px;color:var(--muted);margin-top:4px;white-space:normal}
.trace{align-self:flex-end;max-width:75%;width:75%;font-size:12px;background:#f9fafb;border:1px dashed #d0d5dd;border-radius:8px;padding:8px 10px}
.trace ol{margin:4px 0 0 18px;padding:0}.trace li{margin-bottom:4px}
.trace .products{color:var(--muted)}
.chart{display:block;width:100%;height:140px}
.chart rect{fill:var(--accent)}
.chart .axis{stroke:var(--line)}.chart text{fill:var(--muted);font-size:10px}
progress{width:260px;height:12px;vertical-align:middle}
.row{display:flex;gap:14px;align-items:flex-start}.row>*{flex:1}
footer{color:var(--muted);font-size:12px;text-align:center;padding:16px}
`;

/** Sync progress polling and a confirmation on the reset/pause buttons; the pages work without it. */
export const ADMIN_JS = `
(function(){
  var box=document.querySelector('[data-sync-status]');
  if(box){
    var poll=function(){
      fetch('/admin/catalog/sync/status',{credentials:'same-origin',headers:{accept:'application/json'}})
        .then(function(r){return r.json()})
        .then(function(s){
          var bar=box.querySelector('progress'),text=box.querySelector('[data-sync-text]');
          if(s.running){
            if(bar){bar.max=s.total||1;bar.value=s.done||0;}
            if(text)text.textContent=s.text;
            setTimeout(poll,700);
          } else if(box.getAttribute('data-sync-status')==='running'){location.reload();}
        }).catch(function(){setTimeout(poll,2000)});
    };
    if(box.getAttribute('data-sync-status')==='running')poll();
  }
  document.querySelectorAll('form[data-confirm]').forEach(function(f){
    f.addEventListener('submit',function(e){if(!confirm(f.getAttribute('data-confirm')))e.preventDefault();});
  });
})();
`;
