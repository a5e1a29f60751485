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
    /// Where the right-click menu was opened, on the screen, and the movable place there, if any.
    menu_at: Option<Pos2>,
    menu_on: Option<usize>,
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
                let dropped =
                    target.filter(|t| t.2 >= theme::DRAG_MIN_DISTANCE).map(|t| place_at(projector, t.1));
                let moved = dropped.and_then(|to| {
                    with_places(state, index, |places| {
                        *places.get_mut(place)? = to;
                        Some(())
                    })
                });
                if let Some(moved) = moved {
                    commands.push(Command::Edit(Edit::Change(index, Box::new(moved))));
                }
            }
        } else if pointer.and_then(|p| self.handle_at(p)).is_some() && response.hovered() {
            ui.ctx().set_cursor_icon(CursorIcon::Grab);
        }
    }

    /// The right-click menu of the map and of its markers (`clickable`): a new incident at the point
    /// clicked; while an incident is being edited, also that point added to its places, or the place
    /// clicked taken away.
    pub fn menu_ui<'r>(
        &mut self,
        clickable: impl Iterator<Item = &'r Response>,
        projector: &Projector,
        state: &AppState,
        commands: &mut Vec<Command>,
    ) {
        for response in clickable {
            if response.secondary_clicked() {
                self.menu_at = response.interact_pointer_pos();
                self.menu_on = self.menu_at.and_then(|at| self.handle_at(at));
            }
            response.context_menu(|ui| self.menu_items_ui(ui, projector, state, commands));
        }
    }

    fn menu_items_ui(
        &self,
        ui: &mut Ui,
        projector: &Projector,
        state: &AppState,
        commands: &mut Vec<Command>,
    ) {
        let Some(at) = self.menu_at else { return };
        let here = place_at(projector, at);
        let text = format!("New incident here ({:.4}, {:.4})", here.lat, here.lon);
        let hint = "a new incident placed at this point, opened in the editor";
        if ui.button(text).on_hover_text(hint).clicked() {
            commands.push(Command::NewIncident(Some(here)));
            ui.close();
        }
        let Some(index) = self.movable else { return };
        let Some(edited) = state.store().get(index) else { return };
        ui.separator();
        let title = super::words::shortened(&edited.title, theme::MENU_TITLE_CHARS);
        let mut changed = None;
        if ui.button(format!("Add this place to ‘{title}’")).clicked() {
            changed = with_places(state, index, |places| {
                places.push(here);
                Some(())
            });
        }
        if let Some(place) = self.menu_on.filter(|_| edited.geometry.positions().len() > 1)
            && ui.button(format!("Remove this place from ‘{title}’")).clicked()
        {
            changed = with_places(state, index, |places| {
                (place < places.len()).then(|| {
                    places.remove(place);
                })
            });
        }
        if let Some(changed) = changed {
            commands.push(Command::Edit(Edit::Change(index, Box::new(changed))));
            ui.close();
        }
    }
}

/// The incident with its places changed by `change` (`None` when it cannot: a place that is not
/// there); each new place rounded to 6 decimals (about 10 cm). The kind of geometry follows the count.
fn with_places(
    state: &AppState,
    index: u32,
    change: impl FnOnce(&mut Vec<Position>) -> Option<()>,
) -> Option<crate::model::Incident> {
    let mut incident = state.store().get(index)?.clone();
    let mut places = incident.geometry.positions().to_vec();
    let before = places.len();
    change(&mut places)?;
    incident.geometry = match (places.len(), &incident.geometry) {
        (0, _) => Geometry::None,
        (n, Geometry::MultiPoint(_)) if n == before => Geometry::MultiPoint(places),
        (1, _) => Geometry::Point(places[0]),
        _ => Geometry::MultiPoint(places),
    };
    Some(incident)
}

/// A point of the map as a place: latitude and longitude rounded to 6 decimals, within their ranges.
fn place_at(projector: &Projector, at: Pos2) -> Position {
    let round = |v: f64| (v * 1e6).round() / 1e6;
    let here = projector.unproject(at.to_vec2());
    Position::lat_lon(round(here.y()).clamp(-90.0, 90.0), round(here.x()).clamp(-180.0, 180.0))
}
