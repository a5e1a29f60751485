//! Asking before a save replaces a file that is already there.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

/// What a save window knows about replacing files: which path it is asking about, and which one the user
/// agreed to replace.
#[derive(Debug, Clone, Default)]
pub struct OverwriteCheck {
    asking: Option<PathBuf>,
    agreed: Option<PathBuf>,
}

impl OverwriteCheck {
    /// Whether a save to `path` may go ahead now: nothing is there, or the user agreed to replace it.
    /// Otherwise the question is asked (see [`OverwriteCheck::question_ui`]) and the save waits.
    pub fn may_write(&mut self, path: &Path) -> bool {
        if !path.exists() || self.agreed.as_deref() == Some(path) {
            return true;
        }
        self.asking = Some(path.to_owned());
        false
    }

    /// Records that the user agreed to replace `path` elsewhere (the system file chooser asks itself).
    pub fn agree(&mut self, path: &Path) {
        self.agreed = Some(path.to_owned());
        self.asking = None;
    }

    /// The question, while one is open for the path typed now (`current`): returns `true` once the user
    /// agrees to replace the file, so that the caller saves.
    pub fn question_ui(&mut self, ui: &mut Ui, current: &Path) -> bool {
        let Some(asking) = self.asking.clone() else { return false };
        if asking != current {
            self.asking = None;
            return false;
        }
        let name =
            asking.file_name().map_or_else(|| asking.display().to_string(), |n| n.to_string_lossy().into());
        let folder = asking.parent().map(|p| p.display().to_string()).unwrap_or_default();
        ui.label(
            RichText::new(format!("“{name}” already exists in {folder}. Replace it?"))
                .color(ui.visuals().warn_fg_color),
        );
        let mut agreed = false;
        ui.horizontal(|ui| {
            if ui.button("Replace").clicked() {
                self.agreed = Some(asking.clone());
                self.asking = None;
                agreed = true;
            }
            if ui.button("Don't replace").clicked() {
                self.asking = None;
            }
        });
        agreed
    }
}
