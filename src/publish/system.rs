//! The publication as one system of figures, rounded once.
//!
//! Every printed figure is a variable: its exact value rounded down or up to 0.01 万元. Every
//! identity is a relation among them, gathered from two places:
//!
//! * the printed tables themselves: each row with rows under it is their sum, column by column,
//!   and each row's columns add up as the table's header says (合计 = 基本支出 + 项目支出 …);
//! * the rules of `check`, run over the publication as if it were an export
//!   (`validate::identities`): every comparison they make, within and across tables
//!   (01 = 02 = 03, 06 = 05 基本支出, 07 = 03, 10 = 03 项目支出, 11 = 03, 其中 ≤ 上级 …).
//!
//! So a published workbook checks clean by construction: the relations are the checks.
//! `rounding::solve` finds values for all of them at once; a figure printed in several tables
//! is tied to its copies by the relation that compares them. Where no rounding satisfies every
//! relation, the relation most often in conflict is set aside (and again, until a rounding
//! exists), and the tables whose printed figures then miss an identity carry the standard
//! 尾差 note.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::rounding::{round_half_away, solve, Rel, Relation, Solved};
use super::{column_parts, Kind, Moved, PubRow, PubTable, Publication, ROUNDING_NOTE};
use crate::catalog::Catalog;
use crate::model::{
    Amount, Budget, CellRef, Col, Note, ProjectTarget, Row, RowKey, Source, Table, TableId, Unit,
};
use crate::validate::{self, Relation as Compare, Settings};

/// How many relations may be set aside before falling back to plain rounding.
const MAX_SET_ASIDE: usize = 32;

/// Where a figure sits in a published table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Place {
    Row(usize),
    /// The income side of 01/04.
    Left(usize),
    /// A project of 12.
    Target(usize),
    /// 11's 预算情况.
    Budget,
}

impl Place {
    /// What the build report calls the row of this place: its label, a project's name.
    fn label(self, t: &PubTable) -> String {
        match self {
            Place::Row(i) => t.rows[i].label.clone(),
            Place::Left(i) => t.left[i].label.clone(),
            Place::Target(i) => t.targets[i].name.clone(),
            Place::Budget => "预算情况".to_string(),
        }
    }

    /// The row number standing for this place in the model made for the rules.
    fn model_row(self) -> u32 {
        match self {
            Place::Row(i) => i as u32,
            Place::Left(i) => 100_000 + i as u32,
            Place::Target(i) => 200_000 + i as u32,
            Place::Budget => 300_000,
        }
    }
}

type Key = (TableId, Place, Col);

/// Where the figures of each place of one table are in `Figures::keys`. A place's figures
/// are numbered one after the other in column order, so a figure is found by a binary search
/// within its place's range: no hashing, and the keys searched sit next to each other.
#[derive(Default)]
struct Places {
    rows: Vec<Range<usize>>,
    left: Vec<Range<usize>>,
    targets: Vec<Range<usize>>,
    budget: Range<usize>,
}

/// Every figure of the publication, numbered.
#[derive(Default)]
struct Figures {
    keys: Vec<Key>,
    /// Exact values in grid units (0.01 万元).
    exact: Vec<Decimal>,
    /// Where each table's places are in `keys`, by `TableId` order.
    places: [Places; 12],
    /// The columns of the model's cells, sorted: column `n` is `cols[n - 1]` (`col_no`).
    cols: Vec<Col>,
    /// Each table's sheet name in the model, made once and shared by its cells.
    sheets: Vec<(TableId, Arc<str>)>,
}

impl Figures {
    /// Every figure of the publication, numbered table by table, and a column number for each
    /// column any of them is in.
    fn of(p: &Publication) -> Figures {
        let mut figs = Figures::default();
        let mut cols: Vec<Col> = vec![Col::Amount];
        for t in p.tables.values() {
            cols.extend(super::columns(t.id));
            for r in t.rows.iter().chain(&t.left) {
                cols.extend(r.values.keys());
            }
            for x in &t.targets {
                cols.extend(x.values.keys());
            }
            cols.extend(t.performance_budget.keys());
        }
        cols.sort();
        cols.dedup();
        figs.cols = cols;
        figs.sheets = TableId::ALL
            .into_iter()
            .map(|id| (id, Arc::from(id.code())))
            .collect();
        for t in p.tables.values() {
            let mut places = Places::default();
            for (i, r) in t.rows.iter().enumerate() {
                places
                    .rows
                    .push(figs.add_place(t.id, Place::Row(i), &r.values));
            }
            for (i, r) in t.left.iter().enumerate() {
                places
                    .left
                    .push(figs.add_place(t.id, Place::Left(i), &r.values));
            }
            for (i, x) in t.targets.iter().enumerate() {
                places
                    .targets
                    .push(figs.add_place(t.id, Place::Target(i), &x.values));
            }
            places.budget = figs.add_place(t.id, Place::Budget, &t.performance_budget);
            figs.places[t.id as usize] = places;
        }
        figs
    }

    /// Numbers the figures of one place (in column order, as the map gives them) and gives
    /// their range.
    fn add_place(
        &mut self,
        id: TableId,
        place: Place,
        values: &BTreeMap<Col, Decimal>,
    ) -> Range<usize> {
        let start = self.keys.len();
        for (c, v) in values {
            self.keys.push((id, place, *c));
            self.exact.push(v * Decimal::ONE_HUNDRED);
        }
        start..self.keys.len()
    }

    /// The number of the figure at `key`, if the publication prints one there.
    fn index(&self, (id, place, col): Key) -> Option<usize> {
        let places = &self.places[id as usize];
        let range = match place {
            Place::Row(i) => places.rows.get(i)?,
            Place::Left(i) => places.left.get(i)?,
            Place::Target(i) => places.targets.get(i)?,
            Place::Budget => &places.budget,
        };
        let within = self.keys[range.clone()].binary_search_by_key(&col, |k| k.2);
        within.ok().map(|j| range.start + j)
    }

    fn cell(&self, key: Key) -> CellRef {
        let (id, place, col) = key;
        CellRef::in_sheet(self.sheet(id), place.model_row(), self.col_no(col))
    }

    /// The model's column number of a column some figure is in.
    fn col_no(&self, col: Col) -> u32 {
        let i = self
            .cols
            .binary_search(&col)
            .expect("every column of a figure is numbered");
        i as u32 + 1
    }

    fn sheet(&self, id: TableId) -> &Arc<str> {
        let (_, sheet) = self
            .sheets
            .iter()
            .find(|(t, _)| *t == id)
            .expect("every table has its sheet");
        sheet
    }

    /// The figure at a model cell.
    fn at(&self, cell: &CellRef) -> Option<usize> {
        let id = TableId::ALL
            .into_iter()
            .find(|t| t.code() == &*cell.sheet)?;
        let place = match cell.row {
            r if r < 100_000 => Place::Row(r as usize),
            r if r < 200_000 => Place::Left(r as usize - 100_000),
            r if r < 300_000 => Place::Target(r as usize - 200_000),
            _ => Place::Budget,
        };
        let col = *self.cols.get((cell.col as usize).checked_sub(1)?)?;
        self.index((id, place, col))
    }
}

/// Rounds every figure of the publication (exact 万元 in, two decimals out) so that every
/// relation holds where a rounding allows it; records what moved and where notes were added.
pub fn round(
    p: &mut Publication,
    units: &[crate::model::BudgetUnit],
    catalog: &Catalog,
    settings: &Settings,
) {
    let figs = Figures::of(p);
    let mut relations = printed_identities(p, &figs);
    let model = as_budget(p, units, &figs);
    let identities = validate::identities(&model, catalog, settings);
    for (k, identity) in identities.iter().enumerate() {
        relations.extend(relation_of(identity, &figs).map(|r| (r, Why::Rule(k))));
    }
    relations.sort_by(|a, b| {
        (&a.0.terms, a.0.rhs, a.0.rel == Rel::Eq).cmp(&(&b.0.terms, b.0.rhs, b.0.rel == Rel::Eq))
    });
    relations.dedup_by(|a, b| a.0.terms == b.0.terms && a.0.rhs == b.0.rhs && a.0.rel == b.0.rel);
    let (relations, whys): (Vec<Relation>, Vec<Why>) = relations.into_iter().unzip();

    let values = solve_setting_aside(&figs.exact, &relations);
    write_back(p, &figs, &values);

    let missed: Vec<usize> = (0..relations.len())
        .filter(|&r| !relations[r].holds(&values))
        .collect();
    // The rules' words for their comparisons, made only when a missed one is theirs.
    let descriptions = if missed.iter().any(|&r| matches!(whys[r], Why::Rule(_))) {
        validate::identity_descriptions(&model, catalog, settings)
    } else {
        Vec::new()
    };
    let labels: Vec<String> = missed
        .iter()
        .map(|&r| whys[r].describe(p, &identities, &descriptions))
        .collect();
    note_residuals(p, &figs, missed.iter().map(|&r| &relations[r]), labels);
}

/// Why a relation must hold: said in the build report only for one the printed figures miss,
/// so it is put in words only then.
enum Why {
    /// The rows under the row at `place` add up to it, in `col`.
    Rows(TableId, Place, Col),
    /// The columns under the heading `col` add up to it, in the row at `place`.
    Parts(TableId, Place, Col),
    /// A comparison of the rules: the identity's index.
    Rule(usize),
}

impl Why {
    /// `descriptions` are the rules' words for `identities`, index for index.
    fn describe(
        &self,
        p: &Publication,
        identities: &[validate::Identity],
        descriptions: &[String],
    ) -> String {
        let label = |id: &TableId, place: &Place| place.label(&p.tables[id]);
        match self {
            Why::Rows(id, place, col) => {
                format!("{id} {}：{} = 下级各行之和", label(id, place), col.label())
            }
            Why::Parts(id, place, col) => {
                format!("{id} {}：{} = 各分项之和", label(id, place), col.label())
            }
            Why::Rule(k) => {
                let identity = &identities[*k];
                format!("{} {}：{}", identity.table, identity.rule, descriptions[*k])
            }
        }
    }
}

/// Tables whose printed figures miss an identity carry the standard note, and the build
/// report names the identity.
fn note_residuals<'r>(
    p: &mut Publication,
    figs: &Figures,
    missed: impl Iterator<Item = &'r Relation>,
    labels: Vec<String>,
) {
    let mut noted: Vec<TableId> = Vec::new();
    for r in missed {
        noted.extend(r.terms.iter().map(|(v, _)| figs.keys[*v].0));
    }
    p.residuals.extend(labels);
    noted.sort();
    noted.dedup();
    for id in noted {
        if let Some(t) = p.tables.get_mut(&id) {
            t.notes.push(ROUNDING_NOTE.to_string());
            p.plain_rounded.push(id);
        }
    }
}

/// Solves; while no rounding exists, sets aside the relation most often in conflict. Gives
/// plain rounding if that does not end.
fn solve_setting_aside(exact: &[Decimal], all: &[Relation]) -> Vec<i64> {
    // Copied only once a relation has to be set aside (rare).
    let mut relations = std::borrow::Cow::Borrowed(all);
    for _ in 0..=MAX_SET_ASIDE {
        let outcome = solve(exact, &relations);
        let blame = match outcome {
            Solved::Values(v) => return v,
            Solved::Infeasible(b) | Solved::GaveUp(b) => b,
        };
        let Some((worst, _)) = blame.iter().enumerate().max_by_key(|(_, n)| **n) else {
            break;
        };
        relations.to_mut().remove(worst);
    }
    exact.iter().map(|x| round_half_away(*x)).collect()
}

/// Writes the rounded values into the tables and lists the figures that moved off their plain
/// rounding.
fn write_back(p: &mut Publication, figs: &Figures, values: &[i64]) {
    let mut moved = Vec::new();
    for (i, (id, place, col)) in figs.keys.iter().enumerate() {
        let printed = Decimal::new(values[i], 2);
        let plain = Decimal::new(round_half_away(figs.exact[i]), 2);
        let Some(t) = p.tables.get_mut(id) else {
            continue;
        };
        let slot = match place {
            Place::Row(r) => t.rows[*r].values.get_mut(col),
            Place::Left(r) => t.left[*r].values.get_mut(col),
            Place::Target(r) => t.targets[*r].values.get_mut(col),
            Place::Budget => t.performance_budget.get_mut(col),
        };
        if let Some(v) = slot {
            *v = printed;
        }
        if printed != plain {
            moved.push(Moved {
                table: *id,
                row: place.label(t),
                col: *col,
                exact: figs.exact[i] / Decimal::ONE_HUNDRED,
                plain,
                printed,
            });
        }
    }
    p.moved = moved;
}

/// The identities the printed tables show by their layout: rows under a row add up to it,
/// and columns under a column heading add up to it.
fn printed_identities(p: &Publication, figs: &Figures) -> Vec<(Relation, Why)> {
    let mut out = Vec::new();
    for t in p.tables.values() {
        let present = |c: Col| {
            t.rows
                .iter()
                .chain(&t.left)
                .any(|r| r.values.contains_key(&c))
                || t.targets.iter().any(|x| x.values.contains_key(&c))
        };
        let parts = column_parts(t.id, &present);
        for (rows, side) in [(&t.rows, false), (&t.left, true)] {
            let place = |i: usize| if side { Place::Left(i) } else { Place::Row(i) };
            for (i, r) in rows.iter().enumerate() {
                if !r.children.is_empty() {
                    let mut cols: Vec<Col> = r.values.keys().copied().collect();
                    for c in &r.children {
                        cols.extend(rows[*c].values.keys());
                    }
                    cols.sort();
                    cols.dedup();
                    for col in cols {
                        let whole = (t.id, place(i), col);
                        let items = r.children.iter().map(|c| (t.id, place(*c), col));
                        let why = Why::Rows(t.id, place(i), col);
                        out.extend(sum_relation(figs, whole, items).map(|x| (x, why)));
                    }
                }
                if side {
                    continue;
                }
                for (target, ps) in &parts {
                    let items = ps.iter().map(|c| (t.id, place(i), *c));
                    let why = Why::Parts(t.id, place(i), *target);
                    out.extend(
                        sum_relation(figs, (t.id, place(i), *target), items).map(|x| (x, why)),
                    );
                }
            }
        }
        for i in 0..t.targets.len() {
            for (target, ps) in &parts {
                let items = ps.iter().map(|c| (t.id, Place::Target(i), *c));
                let why = Why::Parts(t.id, Place::Target(i), *target);
                out.extend(
                    sum_relation(figs, (t.id, Place::Target(i), *target), items).map(|r| (r, why)),
                );
            }
        }
    }
    out
}

/// whole = Σ items, over the figures that exist (a blank figure is zero); `None` when the
/// exact figures themselves are off by 0.01 万元 or more (an inconsistent export, built with
/// --force: its printed figures show the export's own difference).
fn sum_relation(
    figs: &Figures,
    whole: Key,
    items: impl ExactSizeIterator<Item = Key>,
) -> Option<Relation> {
    let mut terms = Vec::with_capacity(1 + items.len());
    let mut total = Decimal::ZERO;
    if let Some(w) = figs.index(whole) {
        terms.push((w, 1));
        total += figs.exact[w];
    }
    for k in items {
        if let Some(v) = figs.index(k) {
            terms.push((v, -1));
            total -= figs.exact[v];
        }
    }
    // Kept where the exact figures add up, or miss by less than 0.01 万元 (see `relation_of`).
    (total.abs() < Decimal::ONE && !terms.is_empty()).then_some(Relation {
        terms,
        rel: Rel::Eq,
        rhs: 0,
    })
}

/// A comparison of the rules as a relation over the figures; `None` when it does not hold
/// exactly (nothing to keep) or names a figure the publication does not print.
fn relation_of(identity: &validate::Identity, figs: &Figures) -> Option<Relation> {
    let mut constant = Decimal::ZERO;
    let mut value = Decimal::ZERO;
    fn flatten<'f>(f: &'f validate::Figure, sign: i64, out: &mut Vec<(&'f validate::Figure, i64)>) {
        if f.parts.is_empty() {
            out.push((f, sign));
        } else {
            f.parts.iter().for_each(|p| flatten(p, sign, out));
        }
    }
    let mut sides = Vec::with_capacity(1 + identity.expected.len());
    flatten(&identity.found, 1, &mut sides);
    for f in &identity.expected {
        flatten(f, -1, &mut sides);
    }
    let mut terms: Vec<(usize, i64)> = Vec::with_capacity(sides.len());
    for (f, sign) in sides {
        // Figures of the model are in 元; grid units are 0.01 万元 = 100 元.
        let grid = hundredth(f.yuan);
        value += Decimal::from(sign) * grid;
        match f.at.as_ref().and_then(|c| figs.at(c)) {
            Some(v) if figs.exact[v] == grid => terms.push((v, sign)),
            Some(v) if figs.exact[v] == -grid => terms.push((v, -sign)),
            _ => constant += Decimal::from(sign) * grid,
        }
    }
    if !constant.fract().is_zero() || terms.is_empty() {
        return None;
    }
    let constant = round_half_away(constant);
    let (rel, flip) = match identity.relation {
        Compare::Equal => (Rel::Eq, 1),
        Compare::AtMost => (Rel::Le, 1),
        Compare::AtLeast => (Rel::Le, -1),
    };
    // A residual under 0.01 万元 in the export (a 1-元 difference between a 款 and its 项) is
    // the finance system's own rounding: the printed figures still add up.
    let holds = match identity.relation {
        Compare::Equal => value.abs() < Decimal::ONE,
        Compare::AtMost => value < Decimal::ONE,
        Compare::AtLeast => value > -Decimal::ONE,
    };
    if !holds {
        return None;
    }
    terms.sort_unstable();
    // Merge repeated figures.
    terms.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 += later.1;
        }
        same
    });
    terms.retain(|(_, a)| *a != 0);
    terms.iter_mut().for_each(|(_, a)| *a *= flip);
    let relation = Relation {
        terms,
        rel,
        rhs: -constant * flip,
    };
    Some(relation)
}

/// `x / 100`, exactly, by moving the decimal point (a division proper is far slower).
fn hundredth(x: Decimal) -> Decimal {
    let mut y = x;
    if y.set_scale(x.scale() + 2).is_ok() {
        y
    } else {
        x / Decimal::ONE_HUNDRED
    }
}

/// The publication as a budget model, as the reader would make it from the printed workbook,
/// with each figure's cell standing for its place in the publication.
fn as_budget(p: &Publication, units: &[crate::model::BudgetUnit], figs: &Figures) -> Budget {
    let mut b = Budget {
        department: p.department.clone(),
        year: Some(p.year),
        units: units.to_vec(),
        tables: BTreeMap::new(),
    };
    for t in p.tables.values() {
        b.tables.insert(t.id, as_table(p, t, figs));
    }
    b
}

/// An amount of the model standing for the figure at `key`.
fn model_amount(figs: &Figures, key: Key, wan: Decimal) -> Amount {
    Amount {
        yuan: wan * Decimal::from(10_000),
        at: figs.cell(key),
    }
}

/// One published table as the reader would read it back.
fn as_table(p: &Publication, t: &PubTable, figs: &Figures) -> Table {
    let amount = |key: Key, wan: Decimal| model_amount(figs, key, wan);
    let sheet = figs.sheet(t.id);
    let mut table = Table::new(t.id, as_source(p, t, figs));
    table.notes = t
        .notes
        .iter()
        .map(|n| Note {
            text: n.clone(),
            at: CellRef::in_sheet(sheet, 0, 0),
        })
        .collect();
    let unit_rows = t
        .rows
        .iter()
        .filter(|r| matches!(r.kind, Kind::Unit(_)))
        .count();
    let unit_of = units_above(&t.rows);
    for (i, r) in t.rows.iter().enumerate() {
        let unit = if unit_rows >= 2 {
            unit_of[i].clone()
        } else {
            None
        };
        let Some(key) = model_key(r, unit) else {
            continue;
        };
        let row = model_row(
            key,
            r,
            |c, v| amount((t.id, Place::Row(i), c), v),
            (sheet, Place::Row(i)),
        );
        if row.key == RowKey::Total {
            table.total = Some(row);
        } else {
            table.rows.push(row);
        }
    }
    table.rows.extend(income_rows(t, figs));
    table.targets = as_targets(t, figs);
    if let Some(perf) = &t.performance {
        let mut perf = perf.clone();
        perf.budget = t
            .performance_budget
            .iter()
            .map(|(c, v)| (*c, amount((t.id, Place::Budget, *c), *v)))
            .collect();
        table.performance = Some(perf);
    }
    table.rows.sort_by(|a, b| a.key.cmp(&b.key));
    table
}

/// 12's projects, each figure standing for its place.
fn as_targets(t: &PubTable, figs: &Figures) -> Vec<ProjectTarget> {
    let sheet = figs.sheet(t.id);
    t.targets
        .iter()
        .enumerate()
        .map(|(i, x)| ProjectTarget {
            code: x.code.clone(),
            name: x.name.clone(),
            unit: x.unit.clone(),
            at: CellRef::in_sheet(sheet, Place::Target(i).model_row(), 0),
            values: x
                .values
                .iter()
                .map(|(c, v)| (*c, model_amount(figs, (t.id, Place::Target(i), *c), *v)))
                .collect(),
            indicators: x.indicators.clone(),
        })
        .collect()
}

/// The table's source as the reader records it: the printed amount columns, in 万元.
fn as_source(p: &Publication, t: &PubTable, figs: &Figures) -> Source {
    let sheet = figs.sheet(t.id);
    let mut amount_cols: BTreeMap<Col, u32> = super::columns(t.id)
        .into_iter()
        .map(|c| (c, figs.col_no(c)))
        .collect();
    if matches!(t.id, TableId::T01 | TableId::T04) {
        amount_cols.insert(Col::Amount, figs.col_no(Col::Amount));
    }
    Source {
        sheet: Arc::clone(sheet),
        title: format!("{}年{}", p.year, t.id.title()),
        title_at: CellRef::in_sheet(sheet, 0, 0),
        unit: Unit::WanYuan,
        unit_at: None,
        dept_name: Some((p.department.clone(), CellRef::in_sheet(sheet, 0, 0))),
        columns: Vec::new(),
        header_rows: (0, 0),
        amount_cols,
    }
}

/// The income lines of 01/04, which print one amount (Col::Amount in the model).
fn income_rows(t: &PubTable, figs: &Figures) -> Vec<Row> {
    let mut rows = Vec::new();
    for (i, r) in t.left.iter().enumerate() {
        let Some(key) = model_key(r, None) else {
            continue;
        };
        let mut row = model_row(
            key,
            r,
            |c, v| model_amount(figs, (t.id, Place::Left(i), c), v),
            (figs.sheet(t.id), Place::Left(i)),
        );
        row.values = row
            .values
            .into_iter()
            .map(|(c, mut a)| {
                if c == Col::Total {
                    a.at = figs.cell((t.id, Place::Left(i), Col::Total));
                }
                (Col::Amount, a)
            })
            .collect();
        rows.push(row);
    }
    rows
}

/// For each row, the code of the nearest unit row above it in the tree (its block).
fn units_above(rows: &[PubRow]) -> Vec<Option<String>> {
    let mut out = vec![None; rows.len()];
    fn walk(rows: &[PubRow], i: usize, unit: Option<String>, out: &mut [Option<String>]) {
        let here = match &rows[i].kind {
            Kind::Unit(c) => Some(c.clone()),
            _ => unit.clone(),
        };
        out[i] = unit;
        for c in &rows[i].children {
            walk(rows, *c, here.clone(), out);
        }
    }
    for i in super::coded::roots(rows) {
        walk(rows, i, None, &mut out);
    }
    out
}

fn model_key(r: &PubRow, unit: Option<String>) -> Option<RowKey> {
    Some(match &r.kind {
        Kind::Total => RowKey::Total,
        Kind::Unit(c) => RowKey::Unit(c.clone()),
        Kind::Function(code) => RowKey::Function {
            unit,
            code: code.clone(),
        },
        Kind::Economic { dept, gov, .. } => RowKey::Economic {
            unit,
            dept: dept.clone(),
            gov: gov.clone(),
        },
        Kind::Project { unit, .. } => RowKey::Project {
            unit: unit.clone(),
            name: r.label.clone(),
        },
        Kind::Line(key) => key.clone(),
    })
}

fn model_row(
    key: RowKey,
    r: &PubRow,
    amount: impl Fn(Col, Decimal) -> Amount,
    (sheet, place): (&Arc<str>, Place),
) -> Row {
    let mut text = BTreeMap::new();
    match &r.kind {
        Kind::Project { kind, .. } => {
            text.insert("kind", kind.clone());
        }
        Kind::Economic { gov_name, .. } if !gov_name.is_empty() => {
            text.insert("gov_name", gov_name.clone());
        }
        _ => {}
    }
    Row {
        key,
        name: r.label.clone(),
        at: CellRef::in_sheet(sheet, place.model_row(), 0),
        values: r.values.iter().map(|(c, v)| (*c, amount(*c, *v))).collect(),
        text,
    }
}
