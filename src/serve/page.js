// yusuan serve: the page's script. Talks to the JSON API of the same server (README, "网页").
// Text from workbooks is shown with textContent only, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { info: null, workbook: null, profile: null, profileFromForm: false, busy: false, again: false };

// Builds an element: el("td", {class: "num"}, "45.65", el(...)).
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function setStatus(node, text, busy) {
  node.textContent = text || "";
  node.classList.toggle("busy", !!busy);
}

function sizeText(bytes) {
  if (bytes >= 1 << 20) return (bytes / (1 << 20)).toFixed(1) + " MB";
  return Math.max(1, Math.round(bytes / 1024)) + " KB";
}

const SEVERITY = { error: "错误", warning: "警告", info: "提示" };

async function loadInfo() {
  const response = await fetch("/api/info");
  state.info = await response.json();
  $("version").textContent = state.info.version;
  $("keep").textContent = state.info.keep_minutes;
  const pdf = $("pdf");
  pdf.disabled = !state.info.pdf;
  $("pdf-note").textContent = state.info.pdf ? "（需要十几秒）" : state.info.pdf_hint;
}

function tableHeading(key) {
  if (!key) return "工作簿";
  const t = (state.info && state.info.tables || []).find((x) => x.table === key);
  return t ? t.sheet + " " + t.title : "预算" + key + "表";
}

function tooLarge(file, limit) {
  return file.size > limit
    ? file.name + "：文件有 " + sizeText(file.size) + "，超过上限 " + sizeText(limit) +
      "。预算表导出文件通常只有几十到几百 KB，请确认选择的是导出的预算表。"
    : null;
}

function chooseWorkbook(file) {
  if (!file) return;
  state.workbook = file;
  $("workbook-name").textContent = "已选择：" + file.name + "（" + sizeText(file.size) + "）";
  $("run").disabled = false;
  run();
}

async function run() {
  if (!state.workbook) return;
  if (state.busy) {
    // A file or option changed while the last one ran: run again with it when that ends.
    state.again = true;
    return;
  }
  state.again = false;
  const limit = state.info ? state.info.limits.workbook_bytes : 20 << 20;
  const prior = $("prior").files[0];
  const large = tooLarge(state.workbook, limit) || (prior && tooLarge(prior, limit));
  if (large) {
    showError(large);
    return;
  }
  const form = new FormData();
  form.append("workbook", state.workbook, state.workbook.name);
  if (state.profile) form.append("profile", state.profile, state.profile.name);
  if (prior) form.append("prior", prior, prior.name);
  if ($("draft").checked) form.append("draft", "1");
  if ($("pdf").checked && !$("pdf").disabled) form.append("pdf", "1");
  state.busy = true;
  $("run").disabled = true;
  setStatus($("status"), $("pdf").checked ? "正在核对并生成（含 PDF）……" : "正在核对并生成……", true);
  try {
    const response = await fetch("/api/build", { method: "POST", body: form });
    const answer = await response.json().catch(() => ({ error: "服务器没有给出可读的答复（" + response.status + "）" }));
    if (!response.ok || answer.error) {
      showError(answer.error || "出错了（" + response.status + "）");
    } else {
      showResult(answer);
    }
    setStatus($("status"), "");
  } catch (e) {
    showError("无法连接 yusuan（是否已关闭命令窗口？）：" + e.message);
    setStatus($("status"), "");
  } finally {
    state.busy = false;
    $("run").disabled = !state.workbook;
    if (state.again) run();
  }
}

function showError(message) {
  $("result").classList.remove("hidden");
  $("explanation-card").classList.add("hidden");
  for (const id of ["summary", "outcome", "files", "findings"]) $(id).replaceChildren();
  $("report").classList.add("hidden");
  $("error").textContent = message;
  $("error").classList.remove("hidden");
  $("result").scrollIntoView({ behavior: "smooth", block: "start" });
}

function showResult(answer) {
  $("error").classList.add("hidden");
  $("result").classList.remove("hidden");
  const all = answer.findings.findings;
  // What the document lacks (DOC-…) is the profile's business, not the tables': kept apart.
  const isDoc = (f) => f.rule.startsWith("DOC-");
  const tables = all.filter((f) => !isDoc(f));
  const docs = all.filter(isDoc);
  const count = (list, severity) => list.filter((f) => f.severity === severity).length;
  $("summary").replaceChildren(...[
    el("span", { class: "dept" }, answer.department + " " + answer.year + "年"),
    el("span", { class: "badge error" }, count(tables, "error") + " 个错误"),
    el("span", { class: "badge warning" }, count(tables, "warning") + " 个警告"),
    el("span", { class: "badge info" }, count(tables, "info") + " 条提示"),
    docs.length ? el("span", { class: "badge error" }, "部门资料缺 " + count(docs, "error") + " 项") : null,
  ].filter(Boolean));
  if (answer.refused) {
    $("outcome").replaceChildren(el("div", { class: "notice error", id: "refused" }, answer.refused));
  } else {
    const draft = answer.explanation.some((b) => b.kind === "gap" || GAP.test(b.text));
    $("outcome").replaceChildren(el("div", { class: draft ? "notice warn" : "notice ok" },
      draft ? "已生成草稿（缺项标为【待填写】，不可用于公开）。请下载：" : "核对无误，已生成以下文件，请下载："));
  }
  $("files").replaceChildren(...answer.files.map((f) =>
    el("a", { class: "button download", href: f.url, download: f.name }, f.name + " ",
      el("span", { class: "size" }, "（" + sizeText(f.size) + "）"))));
  // The build report (rounding moved, tables missing, notes added) concerns files made.
  const report = answer.refused ? "" : (answer.report || "").trim();
  $("report").textContent = report;
  $("report").classList.toggle("hidden", !report);
  showFindings(tables);
  showDocFindings(docs);
  showExplanation(answer.explanation);
  prefillProfile(answer);
}

function showFindings(all) {
  state.findings = all;
  const box = $("findings");
  box.replaceChildren();
  const hasErrors = all.some((f) => f.severity === "error");
  $("only-errors-box").classList.toggle("hidden", !hasErrors || all.every((f) => f.severity === "error"));
  const findings = hasErrors && $("only-errors").checked ? all.filter((f) => f.severity === "error") : all;
  if (!findings.length) {
    box.append(el("p", { class: "notice ok" }, "未发现问题。"));
    return;
  }
  let current;
  let body;
  for (const f of findings) {
    if (current !== f.table || !body) {
      current = f.table;
      box.append(el("h3", {}, tableHeading(f.table)));
      body = el("tbody");
      box.append(el("table", { class: "findings" },
        el("colgroup", {}, el("col", { class: "sev-col" }), el("col", { class: "rule-col" }), el("col", { class: "place-col" }),
          el("col", { class: "num-col" }), el("col", { class: "num-col" }), el("col", { class: "num-col" }), el("col")),
        el("thead", {}, el("tr", {},
          el("th", {}, "级别"), el("th", {}, "规则"), el("th", {}, "位置"),
          el("th", {}, "应为"), el("th", {}, "实为"), el("th", {}, "差额"), el("th", {}, "说明"))),
        body));
    }
    const unit = f.unit ? el("span", { class: "unit" }, f.unit) : null;
    const amount = (v) => v === null ? el("td", { class: "num" }) : el("td", { class: "num" }, v, unit && unit.cloneNode(true));
    const place = f.sheet ? f.sheet + (f.cell ? "!" + f.cell : "") : "";
    body.append(el("tr", { class: "finding " + f.severity },
      el("td", {}, el("span", { class: "sev " + f.severity }, SEVERITY[f.severity] || f.severity)),
      el("td", { class: "rule" }, f.rule),
      el("td", { class: "place" }, place),
      amount(f.expected), amount(f.found), amount(f.difference),
      el("td", { class: "message" }, f.message)));
  }
}

// 【待填写：…】 marks what the profile still lacks: shown in red, as the draft prints it.
const GAP = /(【待填写[^】]*】)/;

function showDocFindings(docs) {
  const box = $("doc-findings");
  box.replaceChildren();
  if (!docs.length) return;
  const hint = state.profile
    ? "请在部门资料中补充以下内容（可在下方“部门资料”表单中修改后重新下载）："
    : "没有选择部门资料：请在第 1 步选择部门资料文件，或在下方“部门资料”表单中填写。公开文档还缺：";
  box.append(
    el("h3", {}, "部门资料（公开文档需要）"),
    el("p", { class: "field-note" }, hint),
    el("ul", { class: "doc-list" }, ...docs.map((f) =>
      el("li", { class: "finding " + f.severity }, el("span", { class: "sev " + f.severity }, SEVERITY[f.severity] || f.severity), " ", f.message))));
}

function showExplanation(blocks) {
  const box = $("explanation");
  box.replaceChildren(...blocks.map((b) => {
    const text = b.kind === "gap" ? "【待填写：" + b.text + "】" : b.text;
    const pieces = text.split(GAP).map((piece, i) => i % 2 ? el("span", { class: "gap" }, piece) : piece);
    return el("p", { class: b.kind }, ...pieces);
  }));
  $("explanation-card").classList.toggle("hidden", !blocks.length);
}

// ---- The profile form ----

const AMOUNTS = [
  ["income_total", "收入总计", "income", "收入"],
  ["expenditure_total", "支出总计", "expenditure", "支出"],
  ["general_budget", "一般公共预算收支", "general_budget", "一般公共预算"],
  ["gov_fund", "政府性基金收支", "gov_fund", "政府性基金"],
  ["sangong_total", "“三公”经费合计", "sangong", "“三公”经费"],
  ["abroad", "因公出国（境）费", "abroad", "因公出国（境）费"],
  ["reception", "公务接待费", "reception", "公务接待费"],
  ["vehicle_purchase", "公务用车购置费", "vehicle_purchase", "公务用车购置费"],
  ["vehicle_operation", "公务用车运行维护费", "vehicle_operation", "公务用车运行维护费"],
];
const ASSETS = [
  ["general_vehicles", "一般公务用车（辆）"],
  ["law_enforcement_vehicles", "一般执法执勤用车（辆）"],
  ["special_vehicles", "特种专业技术用车（辆）"],
  ["other_vehicles", "其他用车（辆）"],
  ["general_equipment_over_50", "单价50万元以上通用设备（台、套）"],
  ["special_equipment_over_100", "单位价值100万元以上专用设备（台、套）"],
];

function input(name, label, placeholder) {
  return el("label", { class: "field" }, el("span", {}, label),
    el("input", { type: "text", name, placeholder: placeholder || "" }));
}

function area(name, label, placeholder) {
  return el("label", { class: "field" }, el("span", {}, label),
    el("textarea", { name, placeholder: placeholder || "" }));
}

function buildProfileForm() {
  $("profile-form").replaceChildren(
    el("fieldset", {}, el("legend", {}, "概况"),
      el("div", { class: "grid wide" },
        input("name", "部门全称（留空则使用导出表中的名称）"),
        area("duties", "主要职责（每行一条）", "（一）统一组织、规划、部署……"),
        area("composition", "所属预算单位构成（每行一段）", "本部门预算包括机关本级预算。"))),
    el("fieldset", {}, el("legend", {}, "上年预算数（万元）"),
      el("div", { class: "grid" }, input("prior.year", "上年年度", "2023"),
        ...AMOUNTS.map(([key, label]) => input("prior." + key, label, "如 43.77")))),
    el("fieldset", {}, el("legend", {}, "增减变化的主要原因（与上年相比有增减时必填）"),
      el("div", { class: "grid" }, ...AMOUNTS.map(([, , key, label]) => input("reasons." + key, label)))),
    el("fieldset", {}, el("legend", {}, "政府采购预算（万元）"),
      el("div", { class: "grid" }, input("procurement.goods", "货物", "0"),
        input("procurement.works", "工程", "0"), input("procurement.services", "服务", "0"))),
    el("fieldset", {}, el("legend", {}, "国有资产占用情况（上年末）"),
      el("div", { class: "grid" }, input("assets.as_of", "截至日期", "2023年12月31日"),
        ...ASSETS.map(([key, label]) => input("assets." + key, label, "0")))),
    el("fieldset", {}, el("legend", {}, "其他"),
      el("div", { class: "grid wide" },
        area("transfer.projects", "部门负责管理的专项转移支付项目（每行一项；没有则留空）"),
        input("operating_funds", "机构运转经费（万元，可不填：默认取一般公共预算基本支出中的商品和服务支出）"))),
  );
}

function profileJson() {
  const data = { prior: {}, reasons: {}, procurement: {}, assets: {}, transfer: {} };
  for (const field of $("profile-form").querySelectorAll("input, textarea")) {
    const lines = ["duties", "composition", "transfer.projects"].includes(field.name);
    const value = lines ? field.value.split("\n") : field.value;
    const [group, key] = field.name.split(".");
    if (key) data[group][key] = value;
    else data[group] = value;
  }
  return data;
}

function setField(name, value) {
  const field = $("profile-form").querySelector("[name='" + name + "']");
  if (field && !field.value) field.value = value;
}

function prefillProfile(answer) {
  setField("name", answer.department);
  if (answer.year) {
    setField("prior.year", String(answer.year - 1));
    setField("assets.as_of", answer.year - 1 + "年12月31日");
  }
}

async function profileToml() {
  const response = await fetch("/api/profile", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(profileJson()),
  });
  if (!response.ok) {
    const answer = await response.json().catch(() => ({}));
    throw new Error(answer.error || "出错了（" + response.status + "）");
  }
  return response.text();
}

async function downloadProfile() {
  try {
    const text = await profileToml();
    const url = URL.createObjectURL(new Blob([text], { type: "application/toml" }));
    const link = el("a", { href: url, download: "部门资料.toml" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    setStatus($("profile-status"), "已下载 部门资料.toml。下次可在第 1 步直接选择该文件。");
  } catch (e) {
    setStatus($("profile-status"), e.message);
  }
}

function showPicked(id, file, label) {
  const picked = $(id + "-name");
  picked.textContent = file ? (label || file.name) : "未选择";
  picked.classList.toggle("chosen", !!file);
  $(id + "-clear").classList.toggle("hidden", !file);
}

function setProfile(file, fromForm) {
  state.profile = file;
  state.profileFromForm = fromForm;
  if (!file || fromForm) $("profile").value = "";
  showPicked("profile", file, fromForm ? "表单填写的部门资料" : null);
}

// A chosen profile file fills the form, to be edited and downloaded again.
async function fillProfileForm(file) {
  try {
    const response = await fetch("/api/profile/form", { method: "POST", body: await file.text() });
    const form = await response.json();
    if (!response.ok) return;
    for (const field of $("profile-form").querySelectorAll("input, textarea")) {
      const [group, key] = field.name.split(".");
      const value = key ? (form[group] || {})[key] : form[group];
      field.value = Array.isArray(value) ? value.join("\n") : (value || "");
    }
  } catch (e) {
    // The build's answer says what is wrong with the file.
  }
}

async function useProfile() {
  try {
    const text = await profileToml();
    setProfile(new File([text], "部门资料.toml", { type: "application/toml" }), true);
    setStatus($("profile-status"), state.workbook ? "已使用表单中的部门资料。" : "已使用表单中的部门资料，请在第 1 步选择导出表。");
    if (state.workbook) {
      run();
      $("result").scrollIntoView({ behavior: "smooth", block: "start" });
    }
  } catch (e) {
    setStatus($("profile-status"), e.message);
  }
}

function wire() {
  const drop = $("drop");
  $("workbook").addEventListener("change", (e) => chooseWorkbook(e.target.files[0]));
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (e) => { e.preventDefault(); drop.classList.add("over"); });
  }
  for (const name of ["dragleave", "drop"]) {
    drop.addEventListener(name, () => drop.classList.remove("over"));
  }
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    chooseWorkbook(e.dataTransfer.files[0]);
  });
  $("profile").addEventListener("change", (e) => {
    setProfile(e.target.files[0] || null, false);
    if (state.profile) fillProfileForm(state.profile);
    run();
  });
  $("profile-clear").addEventListener("click", () => { setProfile(null, false); run(); });
  $("prior").addEventListener("change", () => { showPicked("prior", $("prior").files[0]); run(); });
  $("prior-clear").addEventListener("click", () => { $("prior").value = ""; showPicked("prior", null); run(); });
  $("draft").addEventListener("change", run);
  $("pdf").addEventListener("change", run);
  $("run").addEventListener("click", run);
  $("only-errors").addEventListener("change", () => showFindings(state.findings || []));
  $("profile-download").addEventListener("click", downloadProfile);
  $("profile-use").addEventListener("click", useProfile);
}

buildProfileForm();
wire();
loadInfo().catch(() => {});
