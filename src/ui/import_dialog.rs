//! File ▸ Import: a preview of the file's first rows, the detected format and column mapping (which the
//! user may correct), then a background import with a progress bar and Cancel. The data on screen stays
//! until the import succeeds.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{RichText, Ui};

use super::background::Background;
use super::theme;
use crate::io::import::dates::DateFormat;
use crate::io::import::mapping::{Mapping, Overrides, Part};
use crate::io::import::roles;
use crate::io::import::table::Samples;
use crate::io::import::{ImportFormat, ImportOptions, ImportProgress, Imported};
use crate::io::{import_path_watched, preview};
use crate::model::EdtfDate;

/// Rows shown in the preview.
const PREVIEW_ROWS: usize = 5;
/// The formats offered.
const FORMATS: [ImportFormat; 11] = [
    ImportFormat::Auto,
    ImportFormat::Acled,
    ImportFormat::Gtd,
    ImportFormat::Gdelt,
    ImportFormat::Csv,
    ImportFormat::GeoJson,
    ImportFormat::Kml,
    ImportFormat::GeoPackage,
    ImportFormat::FlatGeobuf,
    ImportFormat::GeoParquet,
    ImportFormat::Shapefile,
];

/// A preview: the format, field names and first rows, or why the file cannot be read.
type Preview = Result<crate::io::import::Preview, String>;

/// Where imported incidents go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImportInto {
    /// They become the dataset on screen (asking first about unsaved changes).
    #[default]
    Replace,
    /// They join the dataset on screen as one undoable step.
    Add,
}

/// The import dialog's fields.
#[derive(Debug, Default)]
pub struct ImportDialog {
    path: String,
    into: ImportInto,
    format: Option<ImportFormat>,
    preview: Option<Preview>,
    previewed: Option<(String, ImportFormat, bool)>,
    /// The table's first line is data, not names.
    no_header: bool,
    columns: Vec<(Part, Option<usize>)>,
    /// The columns found, with why each was chosen, and what the values showed or left in doubt.
    found: Mapping,
    date_format: String,
    /// The date (EDTF) given to records that have none, as typed.
    default_date: String,
    focused: bool,
    /// Why the system file chooser did not help.
    note: Option<String>,
}

/// What the dialog decided this frame.
#[derive(Debug, Clone)]
pub enum ImportDecision {
    /// Still open.
    Open,
    /// Closed.
    Cancelled,
    /// Import this file with these options, into the data on screen or in its place.
    Start(PathBuf, ImportOptions, ImportInto),
    /// Open the system file chooser for the path.
    Browse,
}

impl ImportDialog {
    /// A dialog starting from a path (may be empty).
    #[must_use]
    pub fn new(path: String) -> Self {
        Self { path, ..Self::default() }
    }

    /// The path as typed.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Puts a path in the field (from the system file chooser).
    pub fn set_path(&mut self, path: String) {
        self.path = path;
    }

    /// Says why the system file chooser did not help (or nothing).
    pub fn set_note(&mut self, note: Option<String>) {
        self.note = note;
    }

    /// Draws the dialog; `chooser` says whether the system file chooser is offered, or why not.
    pub fn dialog_ui(&mut self, ctx: &egui::Context, chooser: (bool, Option<&str>)) -> ImportDecision {
        let mut decision = ImportDecision::Open;
        super::dialog("Import a file", ctx).default_width(720.0).show(ctx, |ui| {
            ui.label("An ACLED, GTD or GDELT export, a CSV/TSV table, GeoJSON (or GeoJSON lines) from another tool, KML, KMZ, a GeoPackage, FlatGeobuf, GeoParquet or a Shapefile (its .shp).");
            let mut browse = false;
            super::file_chooser::chooser_line_ui(ui, chooser.0, chooser.1, self.note.as_deref(), &mut browse);
            if browse {
                decision = ImportDecision::Browse;
            }
            ui.horizontal(|ui| {
                let label = ui.label("File");
                let edit = ui
                    .add(egui::TextEdit::singleline(&mut self.path).desired_width(460.0))
                    .labelled_by(label.id);
                if !self.focused {
                    edit.request_focus();
                    self.focused = true;
                }
                egui::ComboBox::new("import-format", "format")
                    .selected_text(self.format.unwrap_or(ImportFormat::Auto).name())
                    .show_ui(ui, |ui| {
                        for f in FORMATS {
                            ui.selectable_value(&mut self.format, Some(f), f.name());
                        }
                    });
            });
            self.refresh_preview();
            self.preview_ui(ui);
            ui.horizontal(|ui| {
                ui.radio_value(&mut self.into, ImportInto::Replace, "Open in place of the data on screen");
                ui.radio_value(&mut self.into, ImportInto::Add, "Add to the data on screen")
                    .on_hover_text("one step that Ctrl+Z undoes; incidents already there are left out");
            });
            ui.horizontal(|ui| {
                let ready =
                    matches!(self.preview, Some(Ok(_))) && !matches!(self.default_date(), Some(Err(_)));
                if ui.add_enabled(ready, egui::Button::new("Import")).clicked() {
                    decision =
                        ImportDecision::Start(PathBuf::from(self.path.trim()), self.options(), self.into);
                }
                if ui.button("Cancel").clicked() {
                    decision = ImportDecision::Cancelled;
                }
            });
        });
        decision
    }

    /// Reads the preview again when the path or the format changed.
    fn refresh_preview(&mut self) {
        let path = self.path.trim().to_owned();
        let format = self.format.unwrap_or(ImportFormat::Auto);
        if path.is_empty() || self.previewed.as_ref() == Some(&(path.clone(), format, self.no_header)) {
            return;
        }
        let mut preview = preview(Path::new(&path), format, PREVIEW_ROWS).map_err(|e| e.to_string());
        // A table without a header: its first line is the first row, and its columns are named by their
        // place (or, for GDELT, by its codebook).
        if let Ok((found, names, rows)) = &mut preview
            && (self.no_header || *found == ImportFormat::Gdelt)
            && !names.is_empty()
        {
            let width = names.len();
            rows.insert(0, std::mem::take(names));
            rows.truncate(PREVIEW_ROWS);
            *names = match crate::io::formats::gdelt::columns(width).filter(|_| *found == ImportFormat::Gdelt)
            {
                Some(codebook) => codebook,
                None => (1..=width).map(|k| format!("column{k}")).collect(),
            };
        }
        let mapping = match &preview {
            Ok((_, names, rows)) => {
                let samples = Samples::new(
                    names.len(),
                    rows.iter().map(|row| move |k: usize| row.get(k).map(String::as_str)),
                );
                roles::detect(names, &samples, &Overrides::default()).unwrap_or_default()
            }
            Err(_) => Mapping::default(),
        };
        self.columns = Part::ALL.iter().map(|&p| (p, mapping.get(p))).collect();
        self.found = mapping;
        self.preview = Some(preview);
        self.previewed = Some((path, format, self.no_header));
    }

    fn preview_ui(&mut self, ui: &mut Ui) {
        match &self.preview {
            None => {
                ui.label(RichText::new("Type the path of a file to see its first rows.").weak());
            }
            Some(Err(e)) => {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            Some(Ok((format, names, rows))) => {
                let format = *format;
                ui.label(format!("Detected: {}", format.name()));
                if !names.is_empty() {
                    egui::ScrollArea::both().max_height(theme::IMPORT_PREVIEW_HEIGHT).show(ui, |ui| {
                        egui::Grid::new("import-preview").striped(true).show(ui, |ui| {
                            for name in names {
                                ui.label(RichText::new(name).strong());
                            }
                            ui.end_row();
                            for row in rows {
                                for cell in row {
                                    let short: String = cell.chars().take(40).collect();
                                    ui.label(short);
                                }
                                ui.end_row();
                            }
                        });
                    });
                }
                match format {
                    ImportFormat::Acled | ImportFormat::Gtd | ImportFormat::Gdelt => {
                        ui.label(format!("Columns are mapped by the {} codebook.", format.name()));
                    }
                    whole if whole.reads_whole_file() => {
                        ui.label("Fields are matched by their usual names when importing.");
                        self.default_date_ui(ui);
                    }
                    // A table (CSV, TSV), or a file whose format is not known yet.
                    _ => {
                        let names = names.clone();
                        ui.checkbox(&mut self.no_header, "The first line is data, not column names");
                        self.mapping_ui(ui, &names);
                        self.default_date_ui(ui);
                    }
                }
            }
        }
    }

    fn mapping_ui(&mut self, ui: &mut Ui, names: &[String]) {
        ui.label("Columns, found from their names and values; correct them here:");
        for note in self.found.notes.iter().chain(&self.found.warnings) {
            ui.label(RichText::new(note).weak());
        }
        let scroll = egui::ScrollArea::vertical().id_salt("import-mapping-scroll");
        scroll.max_height(theme::IMPORT_MAPPING_HEIGHT).show(ui, |ui| {
            egui::Grid::new("import-mapping").num_columns(3).show(ui, |ui| {
                for (part, column) in &mut self.columns {
                    let label = ui.label(part.name());
                    let shown = column.and_then(|k| names.get(k)).map_or("(none)", String::as_str);
                    egui::ComboBox::from_id_salt(("import-column", part.name()))
                        .selected_text(shown)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(column, None, "(none)");
                            for (k, name) in names.iter().enumerate() {
                                ui.selectable_value(column, Some(k), name);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    // Why the column was found, while it is still the one found.
                    let found = self.found.get(*part) == *column;
                    ui.label(RichText::new(self.found.reason(*part).filter(|_| found).unwrap_or("")).weak());
                    ui.end_row();
                }
                let label = ui.label("date format");
                ui.add(
                    egui::TextEdit::singleline(&mut self.date_format)
                        .hint_text("automatic, day-first, month-first, or e.g. %m/%d/%Y"),
                )
                .labelled_by(label.id);
                ui.end_row();
                ui.end_row();
            });
        });
    }

    /// The date given to records that have none (a Google My Maps export has no times at all).
    fn default_date_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let label = ui.label("date where none is given");
            ui.add(
                egui::TextEdit::singleline(&mut self.default_date).hint_text("none, or EDTF: 2017, 2017-05"),
            )
            .labelled_by(label.id);
            if let Some(Err(e)) = self.default_date() {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
        });
    }

    /// The date typed for records without one: none when the field is blank.
    fn default_date(&self) -> Option<Result<EdtfDate, String>> {
        let text = self.default_date.trim();
        (!text.is_empty()).then(|| EdtfDate::parse(text).map_err(|e| e.to_string()))
    }

    fn options(&self) -> ImportOptions {
        let names = match &self.preview {
            Some(Ok((_, names, _))) => names.clone(),
            _ => Vec::new(),
        };
        let chosen = |part: Part| {
            self.columns
                .iter()
                .find(|(p, _)| *p == part)
                .and_then(|(_, c)| *c)
                .and_then(|k| names.get(k).cloned())
        };
        let mut overrides = Overrides {
            date_format: DateFormat::from_flag(&self.date_format),
            default_date: self.default_date().and_then(Result::ok),
            ..Overrides::default()
        };
        for (part, _) in &self.columns {
            if let Some(name) = chosen(*part) {
                overrides.set(*part, name);
            }
        }
        ImportOptions {
            format: self.format.unwrap_or(ImportFormat::Auto),
            overrides,
            no_header: self.no_header,
            ..ImportOptions::default()
        }
    }
}

/// An import running on a worker thread.
pub struct ImportJob {
    /// The file's name, for the progress window.
    pub label: String,
    /// The file.
    pub path: PathBuf,
    /// Bytes read and the Cancel switch.
    pub progress: Arc<ImportProgress>,
    /// Whether the incidents replace the data on screen or join it.
    pub into: ImportInto,
    job: Background<Result<Imported, String>>,
}

impl ImportJob {
    /// Starts importing; `wake` is called when it is done.
    #[must_use]
    pub fn start(
        path: PathBuf,
        options: ImportOptions,
        into: ImportInto,
        wake: impl FnOnce() + Send + 'static,
    ) -> Self {
        let progress = Arc::new(ImportProgress::default());
        let shared = Arc::clone(&progress);
        let file = path.clone();
        let work = move || import_path_watched(&file, &options, &shared).map_err(|e| e.to_string());
        Self {
            label: crate::io::file_name(&path),
            path,
            progress,
            into,
            job: Background::start("import", work, wake),
        }
    }

    /// The result once done (`None` while running).
    #[must_use]
    pub fn poll(&self) -> Option<Result<Imported, String>> {
        self.job.poll(|| Err("the import stopped unexpectedly".into()))
    }
}
