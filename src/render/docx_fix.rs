//! Closes docx-rs 0.4.22's known gaps on the built XML parts, then packs them into the .docx.
//!
//! docx-rs builds the document well but leaves these gaps (each verified on its output):
//!
//! 1. no repeated table header rows (`w:tblHeader` is never written);
//! 2. `firstLineChars` is accepted and silently dropped (upstream issue #668);
//! 3. a section ended by a paragraph's `w:sectPr` gets no footer references, so its pages
//!    would have no page numbers;
//! 4. child elements are written out of the schema's order (e.g. `w:pgSz` before the
//!    footer references in `w:sectPr`, `w:zoom` after `w:defaultTabStop` in `w:settings`);
//!    desktop Word repairs this silently, Word for the web has been reported to refuse it;
//! 5. no `w:lang` setter, so nothing tells Word the text is Chinese;
//! 6. every entry of the archive is stored uncompressed;
//! 7. no setter for the title in the core properties (`dc:title`);
//! 8. `w:gridCol` carries a `w:type` attribute its schema type does not have;
//! 9. the paragraph properties of styles, document defaults and numbering levels hold an
//!    empty `w:rPr`, which their schema type (CT_PPrGeneral) does not allow;
//! 10. no theme part (`word/theme/theme1.xml`) and no relationship to it: the Open XML SDK's
//!     rules require one for a main document part, and Word writes one in every file
//!     (issue 13: an OOXML validator reported it as the one finding on our documents).
//!
//! Each gap is closed by one function over one part, working on a small element tree read
//! and written with quick-xml's event reader and writer (never string replacement), so that
//! the escaping of text and attributes is kept exactly as docx-rs wrote it.
//! Elements are matched by their qualified names (`w:tbl`, …): docx-rs always binds the
//! WordprocessingML namespace to the prefix `w`.
//!
//! Laying out the document is `render::docx`'s business; this module knows nothing of
//! budgets.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use quick_xml::{Reader, Writer};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// The theme part (gap 10): the Office 2013–2022 colour and format schemes, unchanged, with a
/// font scheme for Chinese text: Times New Roman for Latin letters and digits (as the runs
/// of the document name), 黑体 for headings and 宋体 for body text in Simplified Chinese
/// (script `Hans`, picked through `w:themeFontLang` in the settings). 宋体 and 黑体 come with
/// every Chinese Windows and with WPS; 等线, Word's own choice since 2016, does not come with
/// Windows 7. Fixed bytes, so the package stays byte-identical for the same input.
pub const THEME: &[u8] = include_bytes!("theme1.xml");
const THEME_PART: &str = "word/theme/theme1.xml";
const THEME_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.theme+xml";
const THEME_REL_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";
/// The theme's relationship id in document.xml.rels; docx-rs's own ids are `rIdN`, `rIdFooterN`,
/// `rIdHeaderN`, `rIdImageN`, …
const THEME_REL_ID: &str = "rIdTheme1";

/// Two characters: `w:firstLineChars` counts hundredths of a character.
const FIRST_LINE_CHARS: &str = "200";

/// Run-property children in schema order (ECMA-376 Part 1, CT_RPr / CT_ParaRPr).
/// Names joined by `|` share a place (the schema allows either).
const RPR_ORDER: &[&str] = &[
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "rPrChange",
];

/// Paragraph-property children in schema order (CT_PPr).
const PPR_ORDER: &[&str] = &[
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];

/// Table-cell-property children in schema order (CT_TcPr).
const TCPR_ORDER: &[&str] = &[
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns|cellDel|cellMerge",
    "tcPrChange",
];

/// Table-property children in schema order (CT_TblPr).
const TBLPR_ORDER: &[&str] = &[
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
];

/// Table-row-property children (CT_TrPr). The schema allows any order among the first twelve
/// (a repeated choice); this is the order Word writes them in.
const TRPR_ORDER: &[&str] = &[
    "cnfStyle",
    "divId",
    "gridBefore",
    "gridAfter",
    "wBefore",
    "wAfter",
    "cantSplit",
    "trHeight",
    "tblHeader",
    "tblCellSpacing",
    "jc",
    "hidden",
    "ins",
    "del",
    "trPrChange",
];

/// Section-property children in schema order (CT_SectPr): the header and footer references
/// come first, in any order among themselves.
const SECTPR_ORDER: &[&str] = &[
    "headerReference|footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
];

/// Numbering reference in a paragraph (CT_NumPr): docx-rs writes `numId` before `ilvl`.
const NUMPR_ORDER: &[&str] = &["ilvl", "numId", "numberingChange", "ins"];

/// Borders of a cell, a table and a paragraph (CT_TcBorders, CT_TblBorders, CT_PBdr).
const TC_BORDERS_ORDER: &[&str] = &[
    "top",
    "start|left",
    "bottom",
    "end|right",
    "insideH",
    "insideV",
    "tl2br",
    "tr2bl",
];
const TBL_BORDERS_ORDER: &[&str] = &[
    "top",
    "start|left",
    "bottom",
    "end|right",
    "insideH",
    "insideV",
];
const PBDR_ORDER: &[&str] = &["top", "left", "bottom", "right", "between", "bar"];

/// Style children in schema order (CT_Style).
const STYLE_ORDER: &[&str] = &[
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
];

/// Document defaults (CT_DocDefaults).
const DOC_DEFAULTS_ORDER: &[&str] = &["rPrDefault", "pPrDefault"];

/// Numbering level and abstract numbering children (CT_Lvl, CT_AbstractNum).
const LVL_ORDER: &[&str] = &[
    "start",
    "numFmt",
    "lvlRestart",
    "pStyle",
    "isLgl",
    "suff",
    "lvlText",
    "lvlPicBulletId",
    "legacy",
    "lvlJc",
    "pPr",
    "rPr",
];
const ABSTRACT_NUM_ORDER: &[&str] = &[
    "nsid",
    "multiLevelType",
    "tmpl",
    "name",
    "styleLink",
    "numStyleLink",
    "lvl",
];

/// Document settings in schema order (CT_Settings). Elements of other namespaces
/// (`w14:docId`, `w15:docId`, …) belong after all of these and are kept at the end.
const SETTINGS_ORDER: &[&str] = &[
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
    "documentProtection",
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin",
    "doNotShadeFormData",
    "noPunctuationKerning",
    "characterSpacingControl",
    "printTwoOnOne",
    "strictFirstAndLastChars",
    "noLineBreaksAfter",
    "noLineBreaksBefore",
    "savePreviewPicture",
    "doNotValidateAgainstSchema",
    "saveInvalidXml",
    "ignoreMixedContent",
    "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml",
    "saveXmlDataOnly",
    "useXSLTWhenSaving",
    "saveThroughXslt",
    "showXMLTags",
    "alwaysMergeEmptyNamespace",
    "updateFields",
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
];

/// Which elements get their children reordered, and into which sequence.
const ORDERS: &[(&str, &[&str])] = &[
    ("w:rPr", RPR_ORDER),
    ("w:pPr", PPR_ORDER),
    ("w:tcPr", TCPR_ORDER),
    ("w:tblPr", TBLPR_ORDER),
    ("w:trPr", TRPR_ORDER),
    ("w:sectPr", SECTPR_ORDER),
    ("w:numPr", NUMPR_ORDER),
    ("w:tcBorders", TC_BORDERS_ORDER),
    ("w:tblBorders", TBL_BORDERS_ORDER),
    ("w:pBdr", PBDR_ORDER),
    ("w:style", STYLE_ORDER),
    ("w:docDefaults", DOC_DEFAULTS_ORDER),
    ("w:lvl", LVL_ORDER),
    ("w:abstractNum", ABSTRACT_NUM_ORDER),
    ("w:settings", SETTINGS_ORDER),
];

/// What the fixes need to know about the document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fixes<'a> {
    /// Header rows to repeat, for each table of the body in document order.
    pub header_rows: &'a [usize],
    /// `dc:title` of the core properties; left out when empty.
    pub title: &'a str,
    /// How many sections at the start (the cover and the 目录) print no page number: they
    /// take the final section's first-page footer, which must be blank, for every page.
    pub blank_sections: usize,
}

/// Why the parts could not be fixed or packed.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    #[error("{part}: malformed XML from docx-rs: {detail}")]
    Xml { part: &'static str, detail: String },
    #[error("{part}: expected element {element} is missing")]
    Missing {
        part: &'static str,
        element: &'static str,
    },
    #[error("word/document.xml holds {found} tables but header rows were given for {given}")]
    TableCount { given: usize, found: usize },
    #[error("{part}: relationship id {id} is already taken")]
    DuplicateId { part: &'static str, id: String },
    #[error("cannot write the .docx archive: {0}")]
    Zip(#[from] zip::result::ZipError),
}

/// Applies every fix to the parts docx-rs built and packs them into .docx bytes.
///
/// # Errors
/// `FixError::Xml` when a part is not well-formed, `FixError::Missing` when `w:body`,
/// `w:settings`, `w:styles`, `Types` or `Relationships` is absent, `FixError::TableCount` when
/// `fixes.header_rows` does not give one count per table, `FixError::DuplicateId` when docx-rs
/// took the theme's relationship id, `FixError::Zip` when the archive cannot be written.
pub fn finish(mut parts: XMLDocx, fixes: &Fixes) -> Result<Vec<u8>, FixError> {
    const DOC: &str = "word/document.xml";
    let mut document = parse(DOC, &parts.document)?;
    mark_header_rows(&mut document, fixes.header_rows)?;
    add_first_line_chars(&mut document);
    drop_grid_col_type(&mut document);
    let has_even = copy_footer_references(&mut document, DOC, fixes.blank_sections)?;
    order_children(&mut document);
    parts.document = write(&document);

    const SETTINGS: &str = "word/settings.xml";
    let mut settings = parse(SETTINGS, &parts.settings)?;
    if has_even {
        ensure_even_and_odd_headers(&mut settings, SETTINGS)?;
    }
    set_theme_font_lang(&mut settings, SETTINGS)?;
    compress_punctuation(&mut settings, SETTINGS)?;
    order_children(&mut settings);
    parts.settings = write(&settings);

    const STYLES: &str = "word/styles.xml";
    let mut styles = parse(STYLES, &parts.styles)?;
    add_east_asian_lang(&mut styles, STYLES)?;
    drop_empty_rpr_in_general_ppr(&mut styles);
    order_children(&mut styles);
    parts.styles = write(&styles);

    const NUMBERING: &str = "word/numbering.xml";
    let mut numbering = parse(NUMBERING, &parts.numberings)?;
    drop_empty_rpr_in_general_ppr(&mut numbering);
    order_children(&mut numbering);
    parts.numberings = write(&numbering);

    for footer in &mut parts.footers {
        let mut tree = parse("word/footerN.xml", footer)?;
        add_first_line_chars(&mut tree);
        order_children(&mut tree);
        *footer = write(&tree);
    }
    for header in &mut parts.headers {
        let mut tree = parse("word/headerN.xml", header)?;
        add_first_line_chars(&mut tree);
        order_children(&mut tree);
        *header = write(&tree);
    }

    if !fixes.title.is_empty() {
        const CORE: &str = "docProps/core.xml";
        let mut core = parse(CORE, &parts.doc_props.core)?;
        set_core_title(&mut core, fixes.title);
        parts.doc_props.core = write(&core);
    }

    const CONTENT_TYPES: &str = "[Content_Types].xml";
    let mut types = parse(CONTENT_TYPES, &parts.content_type)?;
    add_content_type_override(&mut types, CONTENT_TYPES, THEME_PART, THEME_CONTENT_TYPE)?;
    parts.content_type = write(&types);

    const DOCUMENT_RELS: &str = "word/_rels/document.xml.rels";
    let mut rels = parse(DOCUMENT_RELS, &parts.document_rels)?;
    add_relationship(
        &mut rels,
        DOCUMENT_RELS,
        THEME_REL_ID,
        THEME_REL_TYPE,
        "theme/theme1.xml",
    )?;
    parts.document_rels = write(&rels);

    pack(parts, THEME)
}

/// Zips the parts as docx-rs's own zipper does (same entries, same order), but deflates every
/// file and stamps every entry with zip's fixed default time (1980-01-01 00:00), so that the
/// same parts always give the same bytes. `theme` becomes `word/theme/theme1.xml` (gap 10;
/// its content type and relationship are [`finish`]'s business).
///
/// # Errors
/// `FixError::Zip` when the archive cannot be written.
pub fn pack(xml: XMLDocx, theme: &[u8]) -> Result<Vec<u8>, FixError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // Pin the time and the "made by" system: zip would otherwise take the clock (when its
    // `time` feature is on anywhere in the build) and the host's OS.
    let dir = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .system(System::Unix);
    let file = dir
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);

    zip.add_directory("word/", dir)?;
    zip.add_directory("word/_rels", dir)?;
    zip.add_directory("_rels/", dir)?;
    zip.add_directory("docProps/", dir)?;

    let put = |zip: &mut ZipWriter<Cursor<Vec<u8>>>, name: &str, bytes: &[u8]| {
        zip.start_file(name, file)?;
        zip.write_all(bytes).map_err(zip::result::ZipError::Io)
    };
    put(&mut zip, "[Content_Types].xml", &xml.content_type)?;
    put(&mut zip, "_rels/.rels", &xml.rels)?;
    put(&mut zip, "docProps/app.xml", &xml.doc_props.app)?;
    put(&mut zip, "docProps/core.xml", &xml.doc_props.core)?;
    put(&mut zip, "docProps/custom.xml", &xml.doc_props.custom)?;
    put(&mut zip, "word/_rels/document.xml.rels", &xml.document_rels)?;
    put(&mut zip, "word/document.xml", &xml.document)?;
    put(&mut zip, "word/styles.xml", &xml.styles)?;
    put(&mut zip, "word/settings.xml", &xml.settings)?;
    put(&mut zip, "word/fontTable.xml", &xml.font_table)?;
    zip.add_directory("word/theme/", dir)?;
    put(&mut zip, THEME_PART, theme)?;
    put(&mut zip, "word/comments.xml", &xml.comments)?;
    put(&mut zip, "word/numbering.xml", &xml.numberings)?;
    put(
        &mut zip,
        "word/commentsExtended.xml",
        &xml.comments_extended,
    )?;
    put(&mut zip, "word/footnotes.xml", &xml.footnotes)?;

    for (i, part) in xml.headers.iter().enumerate() {
        put(&mut zip, &format!("word/header{}.xml", i + 1), part)?;
        if let Some(rels) = xml.header_rels.get(i) {
            put(
                &mut zip,
                &format!("word/_rels/header{}.xml.rels", i + 1),
                rels,
            )?;
        }
    }
    for (i, part) in xml.footers.iter().enumerate() {
        put(&mut zip, &format!("word/footer{}.xml", i + 1), part)?;
        if let Some(rels) = xml.footer_rels.get(i) {
            put(
                &mut zip,
                &format!("word/_rels/footer{}.xml.rels", i + 1),
                rels,
            )?;
        }
    }
    if !xml.media.is_empty() {
        zip.add_directory("word/media/", dir)?;
        for (id, bytes) in &xml.media {
            // docx-rs writes every image as png.
            put(&mut zip, &format!("word/media/{id}.png"), bytes)?;
        }
    }
    if let Some(taskpanes) = &xml.taskpanes {
        zip.add_directory("word/webextensions/", dir)?;
        put(&mut zip, "word/webextensions/taskpanes.xml", taskpanes)?;
        zip.add_directory("word/webextensions/_rels", dir)?;
        put(
            &mut zip,
            "word/webextensions/_rels/taskpanes.xml.rels",
            &xml.taskpanes_rels,
        )?;
        for (i, ext) in xml.web_extensions.iter().enumerate() {
            let name = format!("word/webextensions/webextension{}.xml", i + 1);
            put(&mut zip, &name, ext)?;
        }
    }
    if !xml.custom_items.is_empty() {
        zip.add_directory("customXml/_rels", dir)?;
    }
    for (i, item) in xml.custom_items.iter().enumerate() {
        let n = i + 1;
        let rels = xml.custom_item_rels.get(i).map_or(&[][..], Vec::as_slice);
        put(&mut zip, &format!("customXml/_rels/item{n}.xml.rels"), rels)?;
        put(&mut zip, &format!("customXml/item{n}.xml"), item)?;
        let props = xml.custom_item_props.get(i).map_or(&[][..], Vec::as_slice);
        put(&mut zip, &format!("customXml/itemProps{n}.xml"), props)?;
    }
    Ok(zip.finish()?.into_inner())
}

// ---------------------------------------------------------------------------------------------
// The fixes, one per gap.

/// Gap 1: marks the first `counts[k]` rows of the k-th table (tables in the order their start
/// tags appear) as header rows repeated on every page (`w:trPr/w:tblHeader`).
fn mark_header_rows(nodes: &mut [Node], counts: &[usize]) -> Result<(), FixError> {
    let mut found = 0;
    visit(nodes, &mut |el| {
        if !el.is("w:tbl") {
            return;
        }
        let count = counts.get(found).copied().unwrap_or(0);
        found += 1;
        for row in el.child_elements_mut("w:tr").take(count) {
            let tr_pr = row.ensure_child("w:trPr", |children| {
                // CT_Row: tblPrEx?, trPr?, cells…
                usize::from(matches!(children.first(), Some(Node::Element(e)) if e.is("w:tblPrEx")))
            });
            if tr_pr.child("w:tblHeader").is_none() {
                tr_pr
                    .children
                    .push(Node::Element(Element::new("w:tblHeader")));
            }
        }
    });
    if found != counts.len() {
        return Err(FixError::TableCount {
            given: counts.len(),
            found,
        });
    }
    Ok(())
}

/// Gap 2: gives every first-line indent (`w:ind` with `w:firstLine`) its size in characters
/// as well, `w:firstLineChars="200"`, so the indent stays two characters whatever the font
/// size. A `firstLineChars` already present is kept.
fn add_first_line_chars(nodes: &mut [Node]) {
    visit(nodes, &mut |el| {
        if el.is("w:ind")
            && el.attr("w:firstLine").is_some()
            && el.attr("w:firstLineChars").is_none()
        {
            el.set_attr("w:firstLineChars", FIRST_LINE_CHARS);
        }
    });
}

/// Gap 3: copies the `w:footerReference`s of the body's final `w:sectPr` into every other
/// `w:sectPr` lacking a reference of that type, so that every section has page numbers.
/// The final section's first-page footer (`w:type="first"`, blank) is moved to the first
/// `blank` sections instead, for all their pages (with `w:titlePg`): the cover and the 目录
/// print no page number. Returns whether the final section has an even-page footer (then the
/// settings must say `w:evenAndOddHeaders`).
fn copy_footer_references(
    nodes: &mut [Node],
    part: &'static str,
    blank: usize,
) -> Result<bool, FixError> {
    let body = root_mut(nodes)
        .and_then(|doc| doc.child_mut("w:body"))
        .ok_or(FixError::Missing {
            part,
            element: "w:body",
        })?;
    let is_first = |e: &Element| e.attr("w:type").as_deref() == Some("first");
    let mut blank_ref: Option<Element> = None;
    let refs: Vec<Element> = match body.children.last_mut() {
        Some(Node::Element(sect)) if sect.is("w:sectPr") => {
            if blank > 0 {
                blank_ref = sect
                    .child_elements()
                    .find(|e| e.is("w:footerReference") && is_first(e))
                    .cloned();
                if blank_ref.is_some() {
                    sect.children.retain(|c| {
                        !matches!(c, Node::Element(e)
                            if (e.is("w:footerReference") && is_first(e)) || e.is("w:titlePg"))
                    });
                }
            }
            sect.child_elements()
                .filter(|e| e.is("w:footerReference"))
                .cloned()
                .collect()
        }
        _ => Vec::new(),
    };
    let has_even = refs
        .iter()
        .any(|r| r.attr("w:type").as_deref() == Some("even"));
    if refs.is_empty() {
        return Ok(false);
    }
    let mut index = 0;
    visit(&mut body.children, &mut |el| {
        if !el.is("w:pPr") {
            return;
        }
        for sect in el.child_elements_mut("w:sectPr") {
            let this = index;
            index += 1;
            if let (true, Some(blank_ref)) = (this < blank, &blank_ref) {
                sect.children
                    .retain(|c| !matches!(c, Node::Element(e) if e.is("w:footerReference")));
                for kind in ["default", "even", "first"] {
                    let mut r = blank_ref.clone();
                    r.set_attr("w:type", kind);
                    sect.children.push(Node::Element(r));
                }
                if sect.child("w:titlePg").is_none() {
                    sect.children.push(Node::Element(Element::new("w:titlePg")));
                }
                continue;
            }
            for reference in &refs {
                let kind = reference.attr("w:type");
                let present = sect
                    .child_elements()
                    .any(|e| e.is("w:footerReference") && e.attr("w:type") == kind);
                if !present {
                    sect.children.push(Node::Element(reference.clone()));
                }
            }
        }
    });
    Ok(has_even)
}

/// Gap 3, settings side: odd and even pages get their own footers only when the settings
/// hold `w:evenAndOddHeaders` (placed in schema order by [`order_children`]).
fn ensure_even_and_odd_headers(nodes: &mut [Node], part: &'static str) -> Result<(), FixError> {
    let settings = root_mut(nodes)
        .filter(|e| e.is("w:settings"))
        .ok_or(FixError::Missing {
            part,
            element: "w:settings",
        })?;
    if settings.child("w:evenAndOddHeaders").is_none() {
        settings
            .children
            .push(Node::Element(Element::new("w:evenAndOddHeaders")));
    }
    Ok(())
}

/// Gap 10, settings side: `<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>` tells Word
/// which script's fonts of the theme to use for East Asian text (`Hans`: 黑体, 宋体); without
/// it Word takes the language of its own installation. Placed by [`order_children`].
fn set_theme_font_lang(nodes: &mut [Node], part: &'static str) -> Result<(), FixError> {
    let mut lang = Element::new("w:themeFontLang");
    lang.set_attr("w:val", "en-US");
    lang.set_attr("w:eastAsia", "zh-CN");
    put_setting(nodes, part, lang)
}

/// Puts `setting` among the children of `w:settings`, in place of any element of its name.
fn put_setting(nodes: &mut [Node], part: &'static str, setting: Element) -> Result<(), FixError> {
    let settings = root_mut(nodes)
        .filter(|e| e.is("w:settings"))
        .ok_or(FixError::Missing {
            part,
            element: "w:settings",
        })?;
    settings
        .children
        .retain(|c| !matches!(c, Node::Element(e) if e.name() == setting.name()));
    settings.children.push(Node::Element(setting));
    Ok(())
}

/// Justified Chinese lines: `<w:characterSpacingControl w:val="compressPunctuation"/>` lets
/// Word, WPS and LibreOffice narrow full-width punctuation (，。；：) on a line before they
/// widen the gaps between characters, so a figure that does not fit at the end of a line
/// leaves smaller gaps behind (issue 9). Word writes it in every Chinese document it saves.
/// Placed by [`order_children`].
fn compress_punctuation(nodes: &mut [Node], part: &'static str) -> Result<(), FixError> {
    let mut control = Element::new("w:characterSpacingControl");
    control.set_attr("w:val", "compressPunctuation");
    put_setting(nodes, part, control)
}

/// Gap 10, package side: declares a part's content type in `[Content_Types].xml` with an
/// `Override` (kept when one for that part is already there).
fn add_content_type_override(
    nodes: &mut [Node],
    part: &'static str,
    part_name: &str,
    content_type: &str,
) -> Result<(), FixError> {
    let types = root_mut(nodes)
        .filter(|e| e.is("Types"))
        .ok_or(FixError::Missing {
            part,
            element: "Types",
        })?;
    let name = format!("/{part_name}");
    if types
        .child_elements()
        .any(|e| e.is("Override") && e.attr("PartName").as_deref() == Some(name.as_str()))
    {
        return Ok(());
    }
    let mut over = Element::new("Override");
    over.set_attr("PartName", &name);
    over.set_attr("ContentType", content_type);
    types.children.push(Node::Element(over));
    Ok(())
}

/// Gap 10, relationship side: adds a relationship to a part's .rels unless one of that type
/// is already there.
fn add_relationship(
    nodes: &mut [Node],
    part: &'static str,
    id: &str,
    kind: &str,
    target: &str,
) -> Result<(), FixError> {
    let rels = root_mut(nodes)
        .filter(|e| e.is("Relationships"))
        .ok_or(FixError::Missing {
            part,
            element: "Relationships",
        })?;
    if rels
        .child_elements()
        .any(|e| e.is("Relationship") && e.attr("Type").as_deref() == Some(kind))
    {
        return Ok(());
    }
    if rels
        .child_elements()
        .any(|e| e.is("Relationship") && e.attr("Id").as_deref() == Some(id))
    {
        return Err(FixError::DuplicateId {
            part,
            id: id.to_string(),
        });
    }
    let mut rel = Element::new("Relationship");
    rel.set_attr("Id", id);
    rel.set_attr("Type", kind);
    rel.set_attr("Target", target);
    rels.children.push(Node::Element(rel));
    Ok(())
}

/// Gap 4: puts the children of property elements into the order the schema requires.
/// The sort is stable; children the sequence does not name (other namespaces, extensions)
/// go after the named ones, in their original order.
fn order_children(nodes: &mut [Node]) {
    visit(nodes, &mut |el| {
        let Some((_, order)) = ORDERS.iter().find(|(name, _)| el.is(name)) else {
            return;
        };
        el.children.sort_by_key(|child| rank(child, order));
    });
}

/// The place of a child in a schema sequence (`order.len()` when the sequence does not name it).
fn rank(node: &Node, order: &[&str]) -> usize {
    let Node::Element(el) = node else {
        return order.len();
    };
    let Some(local) = el.name().strip_prefix("w:") else {
        return order.len();
    };
    order
        .iter()
        .position(|names| names.split('|').any(|n| n == local))
        .unwrap_or(order.len())
}

/// Gap 5: declares the default language of runs, `<w:lang w:val="en-US" w:eastAsia="zh-CN"/>`,
/// in `w:docDefaults/w:rPrDefault/w:rPr` of styles.xml (creating the path when missing), so
/// that Word picks Chinese line breaking and proofing for the text.
fn add_east_asian_lang(nodes: &mut [Node], part: &'static str) -> Result<(), FixError> {
    let styles = root_mut(nodes)
        .filter(|e| e.is("w:styles"))
        .ok_or(FixError::Missing {
            part,
            element: "w:styles",
        })?;
    let defaults = styles.ensure_child("w:docDefaults", |_| 0);
    let rpr_default = defaults.ensure_child("w:rPrDefault", |_| 0);
    let rpr = rpr_default.ensure_child("w:rPr", |_| 0);
    rpr.children
        .retain(|c| !matches!(c, Node::Element(e) if e.is("w:lang")));
    let mut lang = Element::new("w:lang");
    lang.set_attr("w:val", "en-US");
    lang.set_attr("w:eastAsia", "zh-CN");
    rpr.children.push(Node::Element(lang));
    Ok(())
}

/// Gap 7: sets `dc:title` in docProps/core.xml (core properties may come in any order).
fn set_core_title(nodes: &mut [Node], title: &str) {
    let Some(core) = root_mut(nodes) else {
        return;
    };
    core.children
        .retain(|c| !matches!(c, Node::Element(e) if e.is("dc:title")));
    let mut el = Element::new("dc:title");
    el.children
        .push(Node::Other(Event::Text(BytesText::new(title).into_owned())));
    core.children.push(Node::Element(el));
}

/// Gap 8: docx-rs writes `w:type="dxa"` on `w:gridCol`, whose schema type (CT_TblGridCol)
/// has the width `w:w` only. Strict consumers reject unknown attributes, so drop it.
fn drop_grid_col_type(nodes: &mut [Node]) {
    visit(nodes, &mut |el| {
        if el.is("w:gridCol") && el.attr("w:type").is_some() {
            el.remove_attr("w:type");
        }
    });
}

/// Gap 9: drops the empty `w:rPr` docx-rs writes into `w:pPr` where the schema type is
/// CT_PPrGeneral (in `w:pPrDefault`, `w:style` and `w:lvl`), which has no `w:rPr`. A non-empty
/// one would carry formatting and is left alone.
fn drop_empty_rpr_in_general_ppr(nodes: &mut [Node]) {
    visit(nodes, &mut |el| {
        if !(el.is("w:pPrDefault") || el.is("w:style") || el.is("w:lvl")) {
            return;
        }
        for ppr in el.child_elements_mut("w:pPr") {
            ppr.children.retain(|c| {
                !matches!(c, Node::Element(e) if e.is("w:rPr") && e.children.is_empty()
                    && e.start.attributes_raw().trim().is_empty())
            });
        }
    });
}

// ---------------------------------------------------------------------------------------------
// A small element tree over quick-xml events.

/// A node of a part: an element, or any other event (text, declaration, comment, …) kept as
/// read, escaping included.
#[derive(Debug, Clone)]
enum Node {
    Element(Element),
    Other(Event<'static>),
}

/// An element with its start tag (name and attributes, as read) and its children.
#[derive(Debug, Clone)]
struct Element {
    start: BytesStart<'static>,
    children: Vec<Node>,
}

impl Element {
    fn new(name: &str) -> Self {
        Element {
            start: BytesStart::new(name.to_string()),
            children: Vec::new(),
        }
    }

    /// The qualified name, e.g. `w:tbl`.
    fn name(&self) -> &str {
        let QName(name) = self.start.name();
        name
    }

    fn is(&self, name: &str) -> bool {
        self.name() == name
    }

    /// An attribute's raw (escaped) value.
    fn attr(&self, key: &str) -> Option<String> {
        self.start
            .attributes()
            .with_checks(false)
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .map(|a| a.value.into_owned())
    }

    /// Sets an attribute, replacing an existing one of that name. `value` must need no
    /// escaping (all values set here are ASCII names and numbers).
    fn set_attr(&mut self, key: &str, value: &str) {
        self.remove_attr(key);
        self.start.push_attribute((key, value));
    }

    /// Removes an attribute, keeping the others (raw values, in their order).
    fn remove_attr(&mut self, key: &str) {
        let kept: Vec<(String, String)> = self
            .start
            .attributes()
            .with_checks(false)
            .flatten()
            .filter(|a| a.key.as_ref() != key)
            .map(|a| (a.key.as_ref().to_string(), a.value.into_owned()))
            .collect();
        self.start.clear_attributes();
        for (k, v) in kept.iter().map(|(k, v)| (k.as_str(), v.as_str())) {
            self.start.push_attribute(Attribute {
                key: QName(k),
                value: v.into(),
            });
        }
    }

    fn child_elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Other(_) => None,
        })
    }

    fn child_elements_mut<'s>(
        &'s mut self,
        name: &'s str,
    ) -> impl Iterator<Item = &'s mut Element> {
        self.children.iter_mut().filter_map(move |c| match c {
            Node::Element(e) if e.is(name) => Some(e),
            _ => None,
        })
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.child_elements().find(|e| e.is(name))
    }

    fn child_mut(&mut self, name: &str) -> Option<&mut Element> {
        self.children.iter_mut().find_map(|c| match c {
            Node::Element(e) if e.is(name) => Some(e),
            Node::Element(_) | Node::Other(_) => None,
        })
    }

    /// The child of that name, inserted at `at(children)` when missing.
    fn ensure_child(&mut self, name: &str, at: impl Fn(&[Node]) -> usize) -> &mut Element {
        let index = match self
            .children
            .iter()
            .position(|c| matches!(c, Node::Element(e) if e.is(name)))
        {
            Some(i) => i,
            None => {
                let i = at(&self.children);
                self.children.insert(i, Node::Element(Element::new(name)));
                i
            }
        };
        match &mut self.children[index] {
            Node::Element(e) => e,
            Node::Other(_) => unreachable!("index points at an element"),
        }
    }
}

/// Calls `f` on every element, parents before their children, in document order.
fn visit(nodes: &mut [Node], f: &mut impl FnMut(&mut Element)) {
    for node in nodes {
        if let Node::Element(el) = node {
            f(el);
            visit(&mut el.children, f);
        }
    }
}

/// The root element of a part.
fn root_mut(nodes: &mut [Node]) -> Option<&mut Element> {
    nodes.iter_mut().find_map(|n| match n {
        Node::Element(e) => Some(e),
        Node::Other(_) => None,
    })
}

/// Reads a part into a tree.
fn parse(part: &'static str, xml: &[u8]) -> Result<Vec<Node>, FixError> {
    let bad = |detail: String| FixError::Xml { part, detail };
    let text = std::str::from_utf8(xml).map_err(|e| bad(e.to_string()))?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    fn push(stack: &mut [Element], top: &mut Vec<Node>, node: Node) {
        match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => top.push(node),
        }
    }
    loop {
        match reader.read_event().map_err(|e| bad(e.to_string()))? {
            Event::Start(start) => stack.push(Element {
                start: tidy(&start),
                children: Vec::new(),
            }),
            Event::Empty(start) => {
                let el = Element {
                    start: tidy(&start),
                    children: Vec::new(),
                };
                push(&mut stack, &mut top, Node::Element(el));
            }
            Event::End(end) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| bad(format!("unexpected </{}>", end.name().as_ref())))?;
                push(&mut stack, &mut top, Node::Element(el));
            }
            Event::Eof => break,
            other => push(&mut stack, &mut top, Node::Other(other.into_owned())),
        }
    }
    if let Some(open) = stack.last() {
        return Err(bad(format!("<{}> is never closed", open.name())));
    }
    Ok(top)
}

/// An owned copy of a start tag without the blank docx-rs leaves before `/>`, so that every
/// empty-element tag of a part is written the same way, `<w:b/>`.
fn tidy(start: &BytesStart) -> BytesStart<'static> {
    let QName(name) = start.name();
    let content = format!("{name}{}", start.attributes_raw().trim_end());
    BytesStart::from_content(content, name.len())
}

/// Writes a tree back; elements without children are written as empty-element tags.
fn write(nodes: &[Node]) -> Vec<u8> {
    fn emit(writer: &mut Writer<Vec<u8>>, nodes: &[Node]) {
        for node in nodes {
            // Writing into a Vec cannot fail.
            let _ = match node {
                Node::Other(event) => writer.write_event(event.borrow()),
                Node::Element(el) if el.children.is_empty() => {
                    writer.write_event(Event::Empty(el.start.borrow()))
                }
                Node::Element(el) => {
                    let _ = writer.write_event(Event::Start(el.start.borrow()));
                    emit(writer, &el.children);
                    writer.write_event(Event::End(BytesEnd::new(el.name())))
                }
            };
        }
    }
    let mut writer = Writer::new(Vec::new());
    emit(&mut writer, nodes);
    writer.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn fix(xml: &str, f: impl FnOnce(&mut [Node])) -> String {
        let mut tree = parse("test.xml", xml.as_bytes()).unwrap();
        f(&mut tree);
        String::from_utf8(write(&tree)).unwrap()
    }

    fn table(rows: usize) -> String {
        let row = r#"<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:p/></w:tc></w:tr>"#;
        format!("<w:tbl><w:tblPr/>{}</w:tbl>", row.repeat(rows))
    }

    #[test]
    fn round_trip_keeps_escapes_and_declaration() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="x"><w:body><w:p><w:r><w:t xml:space="preserve">A &amp; B &lt;“引号”&gt;</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(fix(xml, |_| {}), xml);
    }

    #[test]
    fn tbl_header_marks_exactly_the_first_rows_of_each_table() {
        let xml = format!(
            "<w:document {W}><w:body>{}<w:p/>{}</w:body></w:document>",
            table(4),
            table(3)
        );
        let out = fix(&xml, |t| mark_header_rows(t, &[2, 1]).unwrap());
        let tables: Vec<&str> = out.split("<w:tbl>").skip(1).collect();
        let marked = |t: &str| -> Vec<bool> {
            t.split("<w:tr>")
                .skip(1)
                .map(|r| r.contains("<w:tblHeader/>"))
                .collect()
        };
        assert_eq!(marked(tables[0]), [true, true, false, false]);
        assert_eq!(marked(tables[1]), [true, false, false]);
    }

    #[test]
    fn tbl_header_creates_tr_pr_after_tbl_pr_ex() {
        let xml = r#"<w:tbl><w:tr><w:tblPrEx/><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"#;
        let out = fix(xml, |t| mark_header_rows(t, &[2]).unwrap());
        assert_eq!(
            out,
            r#"<w:tbl><w:tr><w:tblPrEx/><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p/></w:tc></w:tr><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>"#
        );
    }

    #[test]
    fn tbl_header_refuses_a_count_per_table_mismatch() {
        let mut tree = parse("t", table(2).as_bytes()).unwrap();
        let err = mark_header_rows(&mut tree, &[1, 1]).unwrap_err();
        assert!(
            matches!(err, FixError::TableCount { given: 2, found: 1 }),
            "{err}"
        );
    }

    #[test]
    fn first_line_chars_added_where_first_line_is() {
        let xml = r#"<w:body><w:p><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:p><w:p><w:pPr><w:ind w:left="280"/></w:pPr></w:p><w:p><w:pPr><w:ind w:firstLine="640" w:firstLineChars="100"/></w:pPr></w:p></w:body>"#;
        assert_eq!(
            fix(xml, add_first_line_chars),
            r#"<w:body><w:p><w:pPr><w:ind w:left="0" w:firstLine="640" w:firstLineChars="200"/></w:pPr></w:p><w:p><w:pPr><w:ind w:left="280"/></w:pPr></w:p><w:p><w:pPr><w:ind w:firstLine="640" w:firstLineChars="100"/></w:pPr></w:p></w:body>"#
        );
    }

    #[test]
    fn footer_references_copied_into_paragraph_sections() {
        let xml = format!(
            r#"<w:document {W}><w:body><w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:footerReference w:type="even" r:id="rIdOld"/></w:sectPr></w:pPr></w:p><w:p/><w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:footerReference w:type="default" r:id="rIdFooter1"/><w:footerReference w:type="even" r:id="rIdFooter2"/></w:sectPr></w:body></w:document>"#
        );
        let mut has_even = false;
        let out = fix(&xml, |t| {
            has_even = copy_footer_references(t, "t", 0).unwrap()
        });
        assert!(has_even);
        assert_eq!(
            out,
            format!(
                r#"<w:document {W}><w:body><w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:footerReference w:type="even" r:id="rIdOld"/><w:footerReference w:type="default" r:id="rIdFooter1"/></w:sectPr></w:pPr></w:p><w:p/><w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:footerReference w:type="default" r:id="rIdFooter1"/><w:footerReference w:type="even" r:id="rIdFooter2"/></w:sectPr></w:body></w:document>"#
            )
        );
    }

    #[test]
    fn grid_col_keeps_only_its_width() {
        let xml = r#"<w:tblGrid><w:gridCol w:w="8094" w:type="dxa" /><w:gridCol w:w="3238"/></w:tblGrid>"#;
        assert_eq!(
            fix(xml, drop_grid_col_type),
            r#"<w:tblGrid><w:gridCol w:w="8094"/><w:gridCol w:w="3238"/></w:tblGrid>"#
        );
    }

    #[test]
    fn empty_rpr_dropped_from_style_and_level_ppr_only() {
        let xml = r#"<w:styles><w:docDefaults><w:pPrDefault><w:pPr><w:rPr /></w:pPr></w:pPrDefault></w:docDefaults><w:style><w:pPr><w:jc w:val="left"/><w:rPr/></w:pPr><w:rPr/></w:style><w:style><w:pPr><w:rPr><w:b/></w:rPr></w:pPr></w:style><w:p><w:pPr><w:rPr/></w:pPr></w:p></w:styles>"#;
        assert_eq!(
            fix(xml, drop_empty_rpr_in_general_ppr),
            r#"<w:styles><w:docDefaults><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults><w:style><w:pPr><w:jc w:val="left"/></w:pPr><w:rPr/></w:style><w:style><w:pPr><w:rPr><w:b/></w:rPr></w:pPr></w:style><w:p><w:pPr><w:rPr/></w:pPr></w:p></w:styles>"#
        );
    }

    #[test]
    fn even_and_odd_headers_added_once_in_schema_order() {
        let xml = r#"<w:settings><w:defaultTabStop w:val="840"/><w:zoom w:percent="100"/><w:compat/><w14:docId w14:val="1"/></w:settings>"#;
        let out = fix(xml, |t| {
            ensure_even_and_odd_headers(t, "t").unwrap();
            ensure_even_and_odd_headers(t, "t").unwrap();
            order_children(t);
        });
        assert_eq!(
            out,
            r#"<w:settings><w:zoom w:percent="100"/><w:defaultTabStop w:val="840"/><w:evenAndOddHeaders/><w:compat/><w14:docId w14:val="1"/></w:settings>"#
        );
    }

    #[test]
    fn rpr_children_reordered() {
        let xml = r#"<w:r><w:rPr><w:sz w:val="32"/><w:color w:val="FF0000"/><w:b/><w:rFonts w:eastAsia="仿宋_GB2312"/><w:rStyle w:val="x"/></w:rPr><w:t>字</w:t></w:r>"#;
        assert_eq!(
            fix(xml, order_children),
            r#"<w:r><w:rPr><w:rStyle w:val="x"/><w:rFonts w:eastAsia="仿宋_GB2312"/><w:b/><w:color w:val="FF0000"/><w:sz w:val="32"/></w:rPr><w:t>字</w:t></w:r>"#
        );
    }

    #[test]
    fn ppr_and_sect_pr_children_reordered() {
        let xml = r#"<w:pPr><w:rPr/><w:jc w:val="both"/><w:ind w:firstLine="640"/><w:spacing w:line="578"/><w:pStyle w:val="a"/><w:sectPr><w:pgSz/><w:pgMar/><w:cols/><w:footerReference w:type="default"/><w:headerReference w:type="default"/><w:titlePg/><w:type w:val="nextPage"/></w:sectPr></w:pPr>"#;
        assert_eq!(
            fix(xml, order_children),
            r#"<w:pPr><w:pStyle w:val="a"/><w:spacing w:line="578"/><w:ind w:firstLine="640"/><w:jc w:val="both"/><w:rPr/><w:sectPr><w:footerReference w:type="default"/><w:headerReference w:type="default"/><w:type w:val="nextPage"/><w:pgSz/><w:pgMar/><w:cols/><w:titlePg/></w:sectPr></w:pPr>"#
        );
    }

    #[test]
    fn tc_pr_and_tbl_pr_children_reordered() {
        let xml = r#"<w:tbl><w:tblPr><w:tblLayout w:type="fixed"/><w:tblBorders/><w:tblW w:w="0"/><w:jc w:val="center"/><w:tblStyle w:val="t"/></w:tblPr><w:tr><w:tc><w:tcPr><w:vAlign w:val="center"/><w:vMerge w:val="restart"/><w:gridSpan w:val="2"/><w:tcW w:w="10"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#;
        assert_eq!(
            fix(xml, order_children),
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="t"/><w:tblW w:w="0"/><w:jc w:val="center"/><w:tblBorders/><w:tblLayout w:type="fixed"/></w:tblPr><w:tr><w:tc><w:tcPr><w:tcW w:w="10"/><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/><w:vAlign w:val="center"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#
        );
    }

    #[test]
    fn lang_added_to_doc_defaults_in_schema_order() {
        let xml = r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/><w:rFonts w:eastAsia="宋体"/></w:rPr></w:rPrDefault></w:docDefaults><w:style/></w:styles>"#;
        let out = fix(xml, |t| {
            add_east_asian_lang(t, "t").unwrap();
            order_children(t);
        });
        assert_eq!(
            out,
            r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults><w:style/></w:styles>"#
        );
    }

    #[test]
    fn lang_creates_missing_doc_defaults() {
        let xml = r#"<w:styles><w:style/></w:styles>"#;
        let out = fix(xml, |t| add_east_asian_lang(t, "t").unwrap());
        assert_eq!(
            out,
            r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults><w:style/></w:styles>"#
        );
    }

    #[test]
    fn core_title_escaped() {
        let xml = r#"<cp:coreProperties><dc:creator>unknown</dc:creator></cp:coreProperties>"#;
        assert_eq!(
            fix(xml, |t| set_core_title(t, "2024年 A&B 部门预算")),
            r#"<cp:coreProperties><dc:creator>unknown</dc:creator><dc:title>2024年 A&amp;B 部门预算</dc:title></cp:coreProperties>"#
        );
    }

    #[test]
    fn theme_declared_once_in_content_types_and_document_rels() {
        let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="x"><Default ContentType="application/xml" Extension="xml" /><Override PartName="/word/document.xml" ContentType="d" /></Types>"#;
        let out = fix(types, |t| {
            for _ in 0..2 {
                add_content_type_override(t, "t", THEME_PART, THEME_CONTENT_TYPE).unwrap();
            }
        });
        assert_eq!(
            out,
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="x"><Default ContentType="application/xml" Extension="xml"/><Override PartName="/word/document.xml" ContentType="d"/><Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/></Types>"#
        );
        let rels = r#"<Relationships xmlns="x"><Relationship Id="rId1" Type="s" Target="styles.xml" /></Relationships>"#;
        let out = fix(rels, |t| {
            for _ in 0..2 {
                add_relationship(t, "t", THEME_REL_ID, THEME_REL_TYPE, "theme/theme1.xml").unwrap();
            }
        });
        assert_eq!(
            out,
            r#"<Relationships xmlns="x"><Relationship Id="rId1" Type="s" Target="styles.xml"/><Relationship Id="rIdTheme1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/></Relationships>"#
        );
    }

    #[test]
    fn theme_relationship_never_reuses_a_taken_id() {
        let rels = r#"<Relationships><Relationship Id="rIdTheme1" Type="s" Target="styles.xml"/></Relationships>"#;
        let mut tree = parse("t", rels.as_bytes()).unwrap();
        let err = add_relationship(&mut tree, "t", THEME_REL_ID, THEME_REL_TYPE, "x").unwrap_err();
        assert!(matches!(err, FixError::DuplicateId { .. }), "{err}");
    }

    #[test]
    fn theme_font_lang_placed_in_schema_order() {
        let xml = r#"<w:settings><w:zoom w:percent="100"/><w:defaultTabStop w:val="840"/><w:compat/><w14:docId w14:val="1"/></w:settings>"#;
        let out = fix(xml, |t| {
            set_theme_font_lang(t, "t").unwrap();
            order_children(t);
        });
        assert_eq!(
            out,
            r#"<w:settings><w:zoom w:percent="100"/><w:defaultTabStop w:val="840"/><w:compat/><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/><w14:docId w14:val="1"/></w:settings>"#
        );
    }

    /// The theme is well-formed, names the Chinese fonts, and is the package's only
    /// `a:theme` (its bytes are fixed, so the output stays deterministic).
    #[test]
    fn theme_part_is_well_formed_with_chinese_fonts() {
        let theme = std::str::from_utf8(THEME).unwrap();
        let tree = parse("theme1.xml", THEME).unwrap();
        let root = tree.iter().find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Other(_) => None,
        });
        assert!(root.is_some_and(|e| e.is("a:theme")));
        assert!(theme.contains(r#"<a:font script="Hans" typeface="黑体"/>"#));
        assert!(theme.contains(r#"<a:font script="Hans" typeface="宋体"/>"#));
    }

    #[test]
    fn malformed_xml_is_an_error() {
        assert!(matches!(
            parse("word/document.xml", b"<w:body><w:p></w:body>"),
            Err(FixError::Xml { .. })
        ));
        assert!(matches!(
            parse("word/document.xml", b"<w:body>"),
            Err(FixError::Xml { .. })
        ));
    }
}
