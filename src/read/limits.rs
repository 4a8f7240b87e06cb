//! What a file may cost to read, and the checks that run on its bytes before calamine sees them
//! (issue 10). A budget workbook is small: a few sheets of a few thousand rows × a few dozen
//! columns. Anything far beyond that is refused with one line naming the file, long before it
//! can exhaust memory or time: an allocation failure aborts the process and `catch_unwind`
//! cannot stop it, so the only defence is never to ask for the memory.
//!
//! The checks here read headers only (zip directory, the start of the shared strings, OLE sector
//! tables and BIFF record headers); the cell-by-cell bounds are kept while the grid is built.

use std::io::{Cursor, Read};

/// Largest file read at all. Real exports are well under 1 MB.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Largest declared uncompressed size of one zip part (.xlsx / .ods).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Largest declared uncompressed size of all zip parts together, less the streamed sheets.
pub const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;
/// Largest .xlsx worksheet part, and all of them together. Sheets are streamed cell by cell,
/// so they cost time, not memory: a real million-row sheet is about 110 MB of XML.
pub const MAX_SHEET_PART_BYTES: u64 = 256 * 1024 * 1024;
pub const MAX_SHEET_TOTAL_BYTES: u64 = 320 * 1024 * 1024;
/// Largest compression ratio of a part over `RATIO_CHECK_FROM` bytes. Spreadsheet XML packs
/// 5–50×; a zip bomb packs 1000× and more.
pub const MAX_RATIO: u64 = 200;
pub const RATIO_CHECK_FROM: u64 = 1024 * 1024;
/// Largest shared strings part: calamine keeps every string in memory.
pub const MAX_SST_BYTES: u64 = 16 * 1024 * 1024;
/// Most shared strings calamine may reserve room for (`uniqueCount`).
pub const MAX_SST_COUNT: u64 = 1_000_000;

/// Excel's own sheet limits: any position beyond them is a damaged reference.
pub const EXCEL_ROWS: u32 = 1_048_576;
pub const EXCEL_COLS: u32 = 16_384;
/// The grid we keep: rows and columns beyond these hold no budget table.
pub const MAX_GRID_ROWS: u32 = 200_000;
pub const MAX_GRID_COLS: u32 = 1_000;
/// Cell slots (dense rows, up to each row's last cell) kept for the whole workbook: 2 M × 32 B.
pub const MAX_GRID_SLOTS: u64 = 2_000_000;
/// Cell records parsed per workbook, counting repeats of one position.
pub const MAX_CELL_RECORDS: u64 = 4_000_000;
/// Cells with content beyond the grid that are counted and ignored (a stray entry far down a
/// hand-edited sheet). Past this many the rest of the sheet is not read: it is not a stray.
pub const MAX_BEYOND_CELLS: u64 = 1_000;
/// Merged ranges per sheet (looking one up is linear).
pub const MAX_MERGES: usize = 20_000;
/// Cells an .xls sheet's bounding box may span: calamine allocates the box densely at open,
/// once for values (32 B a cell) and once for formulas (24 B).
pub const MAX_XLS_BOX_CELLS: u64 = 1_000_000;

/// Checks a zip container (.xlsx / .ods) before it is parsed. `Err` holds the reason, in
/// Chinese, for `Error::TooLarge` or `Error::Corrupt` (the bool says which: true = too large).
pub fn check_zip(bytes: &[u8]) -> Result<(), (bool, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| (false, e.to_string()))?;
    let mut total: u64 = 0;
    let mut sheets: u64 = 0;
    let mut sst: Option<(usize, u64)> = None;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| (false, e.to_string()))?;
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let streamed = is_streamed_sheet(&name);
        let cap = if streamed {
            MAX_SHEET_PART_BYTES
        } else {
            MAX_PART_BYTES
        };
        if size > cap {
            return Err((
                true,
                format!(
                    "压缩包内的“{name}”解压后有 {} MB，超过上限 {} MB",
                    size >> 20,
                    cap >> 20
                ),
            ));
        }
        if size > RATIO_CHECK_FROM && size / packed > MAX_RATIO {
            return Err((
                true,
                format!(
                    "压缩包内的“{name}”压缩比为 {}:1，远超正常表格（疑似压缩炸弹）",
                    size / packed
                ),
            ));
        }
        let (sum, cap) = if streamed {
            (&mut sheets, MAX_SHEET_TOTAL_BYTES)
        } else {
            (&mut total, MAX_UNPACKED_BYTES)
        };
        *sum = sum.saturating_add(size);
        if *sum > cap {
            return Err((true, format!("压缩包解压后总计超过 {} MB", cap >> 20)));
        }
        if name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            sst = Some((i, size));
        }
    }
    if let Some((i, size)) = sst {
        check_shared_strings(&mut zip, i, size)?;
    }
    Ok(())
}

/// An .xlsx worksheet part, which calamine streams (`worksheet_cells_reader`) rather than
/// inflating whole. Everything else (shared strings, styles, an .ods `content.xml`) is read
/// into memory and keeps the tighter caps.
fn is_streamed_sheet(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("xl/worksheets/") && name.ends_with(".xml")
}

/// calamine reserves `uniqueCount` strings before reading one: a 2 KB file claiming 10¹⁴
/// strings aborts the process. Each `<si>` takes at least 5 bytes of the part.
fn check_shared_strings(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    size: u64,
) -> Result<(), (bool, String)> {
    if size > MAX_SST_BYTES {
        return Err((
            true,
            format!(
                "共享字符串表解压后有 {} MB，超过上限 {} MB",
                size >> 20,
                MAX_SST_BYTES >> 20
            ),
        ));
    }
    // calamine reserves at the first start tag named `sst` (any prefix), after any prolog: read
    // far enough to see it, and take every `uniqueCount` there (fuzzing found `<x:sst`).
    const HEAD: u64 = 1 << 20;
    let mut head = Vec::new();
    let entry = zip.by_index(index).map_err(|e| (false, e.to_string()))?;
    entry
        .take(HEAD)
        .read_to_end(&mut head)
        .map_err(|e| (false, e.to_string()))?;
    let head = String::from_utf8_lossy(&head);
    let claimed = head
        .match_indices("uniqueCount")
        .filter_map(|(at, _)| number_after(&head[at + "uniqueCount".len()..]))
        .max();
    if let Some(n) = claimed {
        if n > MAX_SST_COUNT || n > size / 5 + 1 {
            return Err((
                false,
                format!("共享字符串表声称有 {n} 个字符串，而该部分只有 {size} 字节"),
            ));
        }
    }
    Ok(())
}

/// The number in `="123"` (spaces, quotes and a sign allowed), saturating.
fn number_after(text: &str) -> Option<u64> {
    let rest = text.trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix('+').unwrap_or(rest);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    Some(digits.bytes().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add((d - b'0') as u64)
    }))
}

/// Checks an .ods's `content.xml` before calamine parses it. calamine repeats cells and rows as
/// `number-columns-repeated` / `number-rows-repeated` say (up to 100 M cells): a 1 KB row
/// repeated a million times is gigabytes. Cells and rows are counted here as calamine will
/// expand them: blank cells only when something follows them in the row, rows from the first
/// to the last one holding a value.
pub fn check_ods(bytes: &[u8]) -> Result<(), (bool, String)> {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| (false, e.to_string()))?;
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let mut count = OdsCount::new();
    loop {
        buf.clear();
        let event = match xml.read_event_into(&mut buf) {
            Ok(ev) => ev,
            // Let calamine word the XML error.
            Err(_) => return Ok(()),
        };
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_start = matches!(event, Event::Start(_));
                match e.name().as_ref() {
                    "table:table-cell" | "table:covered-table-cell" => {
                        let repeat = ods_repeats(e, "table:number-columns-repeated");
                        let filled = ods_has_value(e);
                        if is_start {
                            count.cell = Some((repeat, filled));
                        } else {
                            count.end_cell(repeat, filled);
                        }
                    }
                    "table:table-row" => {
                        count.start_row(ods_repeats(e, "table:number-rows-repeated"), is_start)
                    }
                    _ => {}
                }
            }
            Event::Text(t) if !t.as_ref().trim().is_empty() => {
                if let Some(c) = count.cell.as_mut() {
                    c.1 = true;
                }
            }
            Event::End(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                if let Some((repeat, filled)) = count.cell.take() {
                    count.end_cell(repeat, filled);
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => count.end_row()?,
            Event::End(e) if e.name().as_ref() == "table:table" => count.end_table()?,
            _ => {}
        }
    }
    Ok(())
}

/// A repeat count of an .ods element (1 when absent or unreadable).
fn ods_repeats(e: &quick_xml::events::BytesStart, name: &str) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
}

/// Whether an .ods cell element holds a value or a formula.
fn ods_has_value(e: &quick_xml::events::BytesStart) -> bool {
    e.attributes().flatten().any(|a| {
        let k = a.key.as_ref();
        k == "office:value-type" || k == "table:formula" || k == "office:value"
    })
}

/// The cells of an .ods's tables counted as calamine will expand them (`check_ods`).
struct OdsCount {
    /// Cells calamine keeps before expanding rows (all tables), and the expanded rectangle.
    pushed_total: u64,
    boxes_total: u64,
    /// Per table: rows seen (repeats), width, first and last rows with a value.
    rows: u64,
    width: u64,
    span: Option<(u64, u64)>,
    /// Per row.
    row_repeat: u64,
    pending_blank: u64,
    row_cells: u64,
    /// Per cell (Start form): its repeat count and whether it holds anything.
    cell: Option<(u64, bool)>,
}

impl OdsCount {
    fn new() -> OdsCount {
        OdsCount {
            pushed_total: 0,
            boxes_total: 0,
            rows: 0,
            width: 0,
            span: None,
            row_repeat: 1,
            pending_blank: 0,
            row_cells: 0,
            cell: None,
        }
    }

    /// A cell ends: blank cells count only when something follows them in the row.
    fn end_cell(&mut self, repeat: u64, filled: bool) {
        let max_cols = EXCEL_COLS as u64;
        if filled {
            self.row_cells = (self.row_cells + self.pending_blank).min(max_cols);
            self.row_cells = (self.row_cells + repeat).min(max_cols);
            self.pending_blank = 0;
        } else {
            self.pending_blank = (self.pending_blank + repeat).min(max_cols);
        }
    }

    /// A row starts (or is empty, `<table:table-row/>`, and ends at once).
    fn start_row(&mut self, repeat: u64, is_start: bool) {
        self.row_repeat = repeat.min(EXCEL_ROWS as u64);
        self.row_cells = 0;
        self.pending_blank = 0;
        if !is_start {
            self.rows = (self.rows + self.row_repeat).min(EXCEL_ROWS as u64);
        }
    }

    /// A row ends: its cells count, and the rows from the first to the last with a value.
    fn end_row(&mut self) -> Result<(), (bool, String)> {
        self.pushed_total += self.row_cells;
        if self.pushed_total > MAX_GRID_SLOTS {
            return ods_too_large("表格", self.pushed_total);
        }
        self.width = self.width.max(self.row_cells);
        if self.row_cells > 0 {
            let first = self.span.map_or(self.rows, |s| s.0);
            self.span = Some((first, self.rows + self.row_repeat));
        }
        self.rows = (self.rows + self.row_repeat).min(EXCEL_ROWS as u64);
        Ok(())
    }

    /// A table ends: its expanded rectangle counts.
    fn end_table(&mut self) -> Result<(), (bool, String)> {
        if let Some((first, last)) = self.span {
            self.boxes_total += (last - first).saturating_mul(self.width);
            if self.boxes_total > MAX_GRID_SLOTS {
                return ods_too_large("表格（含重复的行和列）", self.boxes_total);
            }
        }
        self.rows = 0;
        self.width = 0;
        self.span = None;
        Ok(())
    }
}

fn ods_too_large(what: &str, n: u64) -> Result<(), (bool, String)> {
    Err((
        true,
        format!("{what}展开后有 {n} 个单元格，超过上限 {}", MAX_GRID_SLOTS),
    ))
}

/// Checks an .xls (OLE compound document) before calamine parses it. calamine builds every
/// sheet at open as a dense rectangle from its first to its last cell, and reserves the
/// rectangle a DIMENSIONS record declares: one cell at (65535, 255) is 16 M cells, and a forged
/// DIMENSIONS asks for far more. So the BIFF records are walked here first, as calamine will.
pub fn check_xls(bytes: &[u8]) -> Result<(), (bool, String)> {
    // What cannot be followed here is refused: calamine may still follow it (it reads a last,
    // partial sector, for one) and then allocate from records never checked (fuzzing found it).
    let stream = ole_stream(bytes, &["Workbook", "Book"])
        .ok_or((false, "OLE 容器中找不到可读的 Workbook 数据流".to_string()))?;
    let mut offsets = Vec::new();
    for (typ, data) in biff_records(&stream, 0) {
        if typ == 0x000A {
            break;
        }
        if typ == 0x0085 && data.len() >= 4 {
            offsets.push(u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize);
        }
    }
    if offsets.len() > 1000 {
        return Err((true, format!("工作簿有 {} 个工作表", offsets.len())));
    }
    let mut total: u64 = 0;
    for offset in offsets {
        if let Some((r0, c0, r1, c1)) = sheet_bounds(&stream, offset)? {
            let area = (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64;
            total = total.saturating_add(area);
            if total > MAX_XLS_BOX_CELLS {
                return Err((
                    true,
                    format!(
                        "工作表从 {} 到 {} 的范围有 {area} 个单元格，超过上限 {}",
                        crate::model::cell_ref::row_col_to_a1(r0, c0),
                        crate::model::cell_ref::row_col_to_a1(r1, c1),
                        MAX_XLS_BOX_CELLS
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A sheet's used rectangle: first row, first column, last row, last column.
type Bounds = (u32, u32, u32, u32);

/// The rectangle from the first to the last cell record of the sheet whose BOF is at
/// `offset` (first row, first column, last row, last column), as calamine will build it; its
/// DIMENSIONS record is checked on the way.
fn sheet_bounds(stream: &[u8], offset: usize) -> Result<Option<Bounds>, (bool, String)> {
    let mut depth = 0usize;
    let mut seen_bof = false;
    let mut bounds: Option<Bounds> = None;
    let mut widen = |r: u32, c0: u32, c1: u32| {
        let b = bounds.get_or_insert((r, c0, r, c1));
        *b = (b.0.min(r), b.1.min(c0), b.2.max(r), b.3.max(c1));
    };
    for (typ, data) in biff_records(stream, offset) {
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A if depth == 0 => break,
            0x000A => depth -= 1,
            _ if depth > 0 => {}
            0x0200 => check_dimensions(data)?,
            0x0203 | 0x027E | 0x00FD | 0x0204 | 0x00D6 | 0x0205 | 0x0006 if data.len() >= 4 => {
                let r = u16::from_le_bytes([data[0], data[1]]) as u32;
                let c = u16::from_le_bytes([data[2], data[3]]) as u32;
                widen(r, c, c);
            }
            0x00BD if data.len() >= 6 => {
                let r = u16::from_le_bytes([data[0], data[1]]) as u32;
                let c0 = u16::from_le_bytes([data[2], data[3]]) as u32;
                let n = data.len();
                let c1 = u16::from_le_bytes([data[n - 2], data[n - 1]]) as u32;
                widen(r, c0, c1.max(c0));
            }
            _ => {}
        }
    }
    Ok(bounds)
}

/// DIMENSIONS: first row, last row + 1 (u32 in BIFF8), first col, last col + 1. calamine
/// reserves the rectangle it declares, so a forged one is refused.
fn check_dimensions(data: &[u8]) -> Result<(), (bool, String)> {
    let u16_at = |i: usize| u16::from_le_bytes([data[i], data[i + 1]]) as u64;
    let dims = match data.len() {
        n if n >= 14 => {
            let u32_at = |i: usize| {
                u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]) as u64
            };
            Some((u32_at(0), u32_at(4), u16_at(8), u16_at(10)))
        }
        n if n >= 8 => Some((u16_at(0), u16_at(2), u16_at(4), u16_at(6))),
        _ => None,
    };
    if let Some((r0, r1, c0, c1)) = dims {
        // As calamine's parse_dimensions: a first column beyond IV, or after the
        // last, means column A (the fuzzer found the 4 G × 64 K this makes).
        let c0 = if c0 > 0xFF || c1 < c0 { 0 } else { c0 };
        let area = r1.saturating_sub(r0).saturating_mul(c1.saturating_sub(c0));
        let wraps = r1 >= 1 && c1 >= 1 && r1 < r0;
        if wraps || area > MAX_XLS_BOX_CELLS {
            return Err((
                true,
                format!("工作表声明的范围（DIMENSIONS）有 {area} 个单元格"),
            ));
        }
    }
    Ok(())
}

/// BIFF records (type, data) from `offset` to the end of the stream or the first short record.
fn biff_records(stream: &[u8], offset: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = offset;
    std::iter::from_fn(move || {
        let head = stream.get(pos..pos.checked_add(4)?)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]) as usize;
        let data = stream.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, data))
    })
}

/// The bytes of the first stream with one of these names in an OLE compound document, or
/// None when the container cannot be followed (calamine will then report it as corrupt).
fn ole_stream(bytes: &[u8], names: &[&str]) -> Option<Vec<u8>> {
    let shift = le_u16(bytes, 0x1E)?;
    if shift != 9 && shift != 12 {
        return None;
    }
    let size = 1usize << shift;
    let mini_size = 1usize << le_u16(bytes, 0x20)?.min(12);
    let fat = ole_fat(bytes, size)?;
    let read = |start: u32| -> Option<Vec<u8>> {
        let mut data = Vec::new();
        for s in ole_chain(start, &fat)? {
            data.extend_from_slice(ole_sector(bytes, size, s)?);
        }
        Some(data)
    };
    let dir = read(le_u32(bytes, 0x30)?)?;
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let root = entries.first()?;
    let entry_u32 = |e: &[u8], i: usize| u32::from_le_bytes([e[i], e[i + 1], e[i + 2], e[i + 3]]);
    // As calamine's cfb: the first entry whose name matches, ignoring case and entry type.
    let wanted = names.iter().find_map(|n| {
        entries
            .iter()
            .find(|e| ole_entry_name(e).eq_ignore_ascii_case(n))
    })?;
    let start = entry_u32(wanted, 116);
    let len = entry_u32(wanted, 120) as usize;
    // calamine reads the mini stream and its FAT at open whenever the header counts a mini FAT.
    let minis = if le_u32(bytes, 0x40)? > 0 {
        Some((
            read(entry_u32(root, 116))?,
            le_words(&read(le_u32(bytes, 0x3C)?)?),
        ))
    } else {
        None
    };
    let mut data = if len < 4096 {
        let (ministream, minifat) = minis?;
        let mut data = Vec::new();
        for s in ole_chain(start, &minifat)? {
            let at = s as usize * mini_size;
            data.extend_from_slice(ministream.get(at..at + mini_size)?);
        }
        data
    } else {
        read(start)?
    };
    data.truncate(len);
    Some(data)
}

fn le_u16(bytes: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?))
}

fn le_u32(bytes: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(i..i + 4)?.try_into().ok()?))
}

/// Little-endian 32-bit words.
fn le_words(s: &[u8]) -> Vec<u32> {
    s.chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        .collect()
}

/// Sector `i` of an OLE container of sectors of `size` bytes. The last sector may be cut
/// short: calamine reads what there is, and so do we.
fn ole_sector(bytes: &[u8], size: usize, i: u32) -> Option<&[u8]> {
    let start = (i as usize + 1).checked_mul(size)?;
    bytes.get(start..((i as usize + 2) * size).min(bytes.len()))
}

/// The FAT, from its own sectors as calamine collects them: every header DIFAT entry below
/// DIFSECT, then a chain of DIFAT sectors whose last word points to the next.
fn ole_fat(bytes: &[u8], size: usize) -> Option<Vec<u32>> {
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|k| le_u32(bytes, 0x4C + 4 * k))
        .filter(|&s| s < 0xFFFF_FFFC)
        .collect();
    let max_sectors = bytes.len() / size + 1;
    let mut difat = le_u32(bytes, 0x44)?;
    let mut guard = 0;
    while difat < 0xFFFF_FFFA {
        guard += 1;
        if guard > max_sectors {
            return None;
        }
        let w = le_words(ole_sector(bytes, size, difat)?);
        let (next, entries) = w.split_last()?;
        fat_sectors.extend(entries.iter().copied().filter(|&s| s < 0xFFFF_FFFC));
        difat = *next;
    }
    let mut fat = Vec::new();
    for s in fat_sectors {
        fat.extend(le_words(ole_sector(bytes, size, s)?));
    }
    Some(fat)
}

/// The sectors of a chain from `start` in `table` (the FAT or the mini FAT). calamine follows
/// a chain until ENDOFCHAIN, with no check for a loop: the directory chain without any length
/// bound, so one loop grows memory until the process is killed (fuzzing found it). A chain
/// that loops or leaves the table is refused here.
fn ole_chain(start: u32, table: &[u32]) -> Option<Vec<u32>> {
    let mut seen = vec![false; table.len()];
    let mut out = Vec::new();
    let mut at = start;
    while at != 0xFFFF_FFFE {
        let slot = seen.get_mut(at as usize)?;
        if *slot {
            return None;
        }
        *slot = true;
        out.push(at);
        at = table[at as usize];
    }
    Some(out)
}

/// A directory entry's name (UTF-16, its length in bytes at offset 64).
fn ole_entry_name(e: &[u8]) -> String {
    let len = (u16::from_le_bytes([e[64], e[65]]) as usize).min(64);
    let units: Vec<u16> = e[..len]
        .chunks_exact(2)
        .map(|w| u16::from_le_bytes([w[0], w[1]]))
        .take_while(|&u| u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_after_reads_any_spelling() {
        assert_eq!(number_after(r#"="12""#), Some(12));
        assert_eq!(
            number_after(r#" = ' +99999999999999999999999'"#),
            Some(u64::MAX)
        );
        assert_eq!(number_after(r#"="x""#), None);
    }
}
