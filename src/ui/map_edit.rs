//! Changing incidents on the map: "New incident here" from a right-click, and dragging a place of the
//! incident being edited to move it there (one undoable step, made when it is dropped).

use egui::{CursorIcon, Pos2, Response, Stroke, Ui};
use walkers::Projector;

use super::theme::{self, Palette};
use crate::model::{Geometry, Position};
use crate::state::{AppState, Command, Edit};

/// The map's editing gestures and what they need between frames.
#[derive(Debug, Default)]
pub struct MapEditing {
    /// The incident being edited, whose places can be dragged (the app sets it every frame).
    pub movable: Option<u32>,
    /// Where the right-click menu was opened, on the screen.
    menu_at: Option<Pos2>,
    /// The movable incident's places as last drawn: which place, where, and the marker's radius.
    handles: Vec<(usize, Pos2, f32)>,
    /// The place being dragged, and where the pointer last was while dragging it.
    dragging: Option<usize>,
    drag_to: Option<Pos2>,
    /// Where the press that grabbed it was.
    pressed_at: Option<Pos2>,
}

impl MapEditing {
    /// Whether a place of the movable incident is held by the pointer (pressed on it this frame or
    /// held since): the map must not pan then.
    pub fn grabbing(&mut self, ui: &Ui) -> bool {
        if self.movable.is_none() {
            self.dragging = None;
            return false;
        }
        let (pressed, origin, down, released) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.pointer.press_origin(),
                i.pointer.primary_down(),
                i.pointer.primary_released(),
            )
        });
        if pressed {
            self.dragging = origin.and_then(|o| self.handle_at(o));
            (self.drag_to, self.pressed_at) = (origin, origin);
        } else if !down && !released {
            self.dragging = None;
        }
        self.dragging.is_some()
    }

    /// The place of the movable incident under a point of the screen, if any.
    fn handle_at(&self, at: Pos2) -> Option<usize> {
        self.handles
            .iter()
            .find(|(_, centre, radius)| centre.distance(at) <= radius + theme::DRAG_HANDLE_SLACK)
            .map(|(place, _, _)| *place)
    }

    /// Notes where the movable incident's places were drawn this frame (`drawn`: each marker's
    /// incident, place, centre and radius).
    pub fn note_drawn(&mut self, drawn: impl Iterator<Item = (u32, usize, Pos2, f32)>) {
        self.handles = match self.movable {
            Some(movable) => {
                drawn.filter(|d| d.0 == movable).map(|(_, place, at, r)| (place, at, r)).collect()
            }
            None => Vec::new(),
        };
    }

    /// The place being dragged follows the pointer and, dropped, moves the incident (one step).
    pub fn drag_ui(
        &mut self,
        ui: &Ui,
        response: &Response,
        projector: &Projector,
        state: &AppState,
        palette: &Palette,
        commands: &mut Vec<Command>,
    ) {
        let pointer = ui.input(|i| i.pointer.latest_pos());
        if let (Some(place), Some(index)) = (self.dragging, self.movable) {
            // A release outside the window (the pointer gone) still drops where the pointer last was.
            self.drag_to = pointer.or(self.drag_to);
            ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
            // The place keeps where it was grabbed under the pointer: it moves by what the pointer moved.
            let from = self.handles.iter().find(|h| h.0 == place).map(|h| h.1);
            let target = match (from, self.drag_to, self.pressed_at) {
                (Some(from), Some(to), Some(pressed)) => {
                    Some((from, from + (to - pressed), to.distance(pressed)))
                }
                _ => None,
            };
            if let Some((from, to, _)) = target {
                let painter = ui.painter();
                painter.line_segment([from, to], Stroke::new(1.5, palette.selection));
                let ring = Stroke::new(theme::SELECTION_RING_WIDTH, palette.selection);
                painter.circle_stroke(to, theme::DRAG_PREVIEW_RADIUS, ring);
            }
            if ui.input(|i| i.pointer.primary_released()) {
                (self.dragging, self.drag_to, self.pressed_at) = (None, None, None);
                // A press without a move is a click, not a move.
                let dropped = target
                    .filter(|t| t.2 >= theme::DRAG_MIN_DISTANCE)
                    .map(|t| projector.unproject(t.1.to_vec2()));
                let moved =
                    dropped.and_then(|to| moved(state, index, place, Position::lat_lon(to.y(), to.x())));
                if let Some(moved) = moved {
                    commands.push(Command::Edit(Edit::Change(index, Box::new(moved))));
                }
            }
        } else if pointer.and_then(|p| self.handle_at(p)).is_some() && response.hovered() {
            ui.ctx().set_cursor_icon(CursorIcon::Grab);
        }
    }

    /// The right-click menu: a new incident at the point clicked.
    pub fn menu_ui(&mut self, response: &Response, projector: &Projector, commands: &mut Vec<Command>) {
        if response.secondary_clicked() {
            self.menu_at = response.interact_pointer_pos();
        }
        response.context_menu(|ui| {
            let Some(at) = self.menu_at else { return };
            let here = projector.unproject(at.to_vec2());
            let text = format!("New incident here ({:.4}, {:.4})", here.y(), here.x());
            let hint = "a new incident placed at this point, opened in the editor";
            if ui.button(text).on_hover_text(hint).clicked() {
                commands.push(Command::NewIncident(Some(Position::lat_lon(here.y(), here.x()))));
                ui.close();
            }
        });
    }
}

/// The incident with one of its places moved, rounded to 6 decimals (about 10 cm).
fn moved(state: &AppState, index: u32, place: usize, to: Position) -> Option<crate::model::Incident> {
    let round = |v: f64| (v * 1e6).round() / 1e6;
    let to = Position::lat_lon(round(to.lat).clamp(-90.0, 90.0), round(to.lon).clamp(-180.0, 180.0));
    let mut incident = state.store().get(index)?.clone();
    incident.geometry = match incident.geometry {
        Geometry::Point(_) if place == 0 => Geometry::Point(to),
        Geometry::MultiPoint(mut places) if place < places.len() => {
            places[place] = to;
            Geometry::MultiPoint(places)
        }
        _ => return None,
    };
    Some(incident)
}
