/** The report's stylesheet: screen, and print with one A4 page per community. */
export const REPORT_CSS = `
:root{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Zen Hei",sans-serif;color:#222}
body{margin:0 auto;max-width:1100px;padding:16px;font-size:14px;line-height:1.45}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #333;padding-bottom:3px;margin:28px 0 8px}
h3{font-size:15px;margin:14px 0 6px}small,.small{font-size:11px;color:#555}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}
svg.map{width:100%;height:auto;border:1px solid #ccc;background:#fafafa;display:block}
svg.chart{width:100%;height:auto;font-size:11px}
svg text{font-size:11px}svg text.label{font-size:12px;font-weight:bold;text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg .scale text{font-size:11px}
.bld{fill:#d9d9d9;stroke:none}.net{fill:none;stroke:#9e9e9e;stroke-width:.8;stroke-linejoin:round}
.iso{fill-opacity:.33;stroke:none}.gap{fill:url(#hatch);stroke:GAP_COLOUR;stroke-width:.6;stroke-opacity:.6}
.outline{fill:none;stroke:#111;stroke-width:2}.comm{fill-opacity:.8;stroke:#333;stroke-width:1.2}
.route{fill:none;stroke:ROUTE_COLOUR;stroke-width:1.8;stroke-dasharray:5 3;stroke-opacity:.85}
.fac{stroke:#fff;stroke-width:1.2}.origin{fill:#111;stroke:#fff;stroke-width:1}
.site{fill:#6a3d9a;stroke:#fff;stroke-width:1.2}.planned{fill:#ff7f00;stroke:#fff;stroke-width:1.2}
.legend i.sitel{width:9px;height:9px;background:#6a3d9a;transform:rotate(45deg);border-color:#fff}
.legend i.plannedl{width:9px;height:9px;background:#ff7f00;border-color:#fff}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:11px;margin:4px 0}
.legend i{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:middle;border:1px solid #888}
.legend i.dot{border-radius:50%;width:10px;border-color:#fff}
.legend i.hatch{background:repeating-linear-gradient(45deg,GAP_COLOUR 0 2px,#fde0dd 2px 6px)}
.legend i.line{height:0;border:0;border-top:2px dashed ROUTE_COLOUR}
.legend i.tri{width:0;height:0;border:6px solid transparent;border-bottom:10px solid #111;border-top:0}
.legend i.netl{height:0;border:0;border-top:1px solid #9e9e9e}.legend i.bldl{background:#d9d9d9;border-color:#d9d9d9}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border:1px solid #ddd;padding:2px 5px;text-align:left;vertical-align:top}
th{background:#ddebf7}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.fail td.v,.fail{color:#b2182b;font-weight:bold}tr.pass td.v,.pass{color:#1a7837;font-weight:bold}
tr.not_assessed td.v,.not_assessed{color:#666;font-style:italic}
.facts b,.ranked b{padding:1px 6px;border-radius:3px}
pre{white-space:pre-wrap;word-break:break-all;font-size:11px;background:#f4f4f4;padding:6px}
a{color:#08519c}
@page{size:A4;margin:10mm}
@media print{
  body{max-width:none;padding:0;font-size:10px}
  h2{margin-top:0;font-size:15px}h3{font-size:12px;margin:8px 0 4px}
  table{font-size:8.5px}th,td{padding:1px 3px}
  section.overview,section.plans,section.community{break-after:page}
  section.community{break-inside:avoid}
  section.community svg.map{max-height:118mm;width:auto;max-width:100%;margin:0 auto}
  section.overview svg.map{max-height:105mm}
  .legend{font-size:8.5px}
  a{color:inherit;text-decoration:none}
}
`;
