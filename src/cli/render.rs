//! `render`: pictures and animations from the command line, with no display and no network.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::usage;
use clap::Args;

use crate::export::save_png;
use crate::io;
use crate::model::EdtfDate;
use crate::state::briefing_file as briefing;
use crate::state::{AppState, BasemapChoice, Command, Dataset, PlaybackMode};
use crate::ui::export::{AnimationOutput, AnimationSpec, PictureRenderer, Progress, Step, render_animation};
use crate::ui::presentation::{PictureContent, PictureView};

/// Arguments of `render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// A briefing (NAME.briefing.json) or a dataset (.geojson).
    pub input: PathBuf,
    /// With a briefing: the scene to render (1 is the first).
    #[arg(long, conflicts_with = "all_scenes")]
    pub scene: Option<usize>,
    /// With a briefing: render every scene into --out-dir (scene-01.png, scene-02.png, …).
    #[arg(long)]
    pub all_scenes: bool,
    /// The time window, as EDTF: `2024-03`, `2015/2017`, `2024-03-01/2024-04-15` (default: all the data).
    #[arg(long, value_name = "EDTF")]
    pub window: Option<String>,
    /// Map centre as LAT,LON (with --zoom; default: fit the shown incidents).
    #[arg(long, value_name = "LAT,LON", allow_hyphen_values = true, requires = "zoom")]
    pub center: Option<String>,
    /// Web-map zoom: the world is 256·2^ZOOM pixels wide, as in OpenStreetMap.
    #[arg(long, requires = "center")]
    pub zoom: Option<f64>,
    /// Picture size in pixels, WIDTHxHEIGHT.
    #[arg(long, default_value = "1920x1080")]
    pub size: String,
    /// The PNG (or, with --animate, GIF) to write.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The folder for --all-scenes, or for numbered PNG frames with --animate.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Animate a playback over this EDTF span, e.g. `2015/2024`.
    #[arg(long, value_name = "EDTF")]
    pub animate: Option<String>,
    /// How far each animation frame moves: 7d, 2w, 3m, 1y.
    #[arg(long, default_value = "1y")]
    pub step: String,
    /// Animation frames per second.
    #[arg(long, default_value_t = 2.0)]
    pub fps: f32,
    /// Animation: let the window grow from the start instead of sliding.
    #[arg(long)]
    pub accumulate: bool,
    /// `dark` or `light`.
    #[arg(long, default_value = "dark")]
    pub theme: String,
    /// Leave out parts, comma-separated: title, caption, legend, date, scale-bar, attribution.
    #[arg(long, value_delimiter = ',')]
    pub hide: Vec<String>,
    /// The title on the card (default: the briefing's title, or the dataset's file name).
    #[arg(long)]
    pub title: Option<String>,
    /// An MBTiles or PMTiles file to draw above the embedded basemap.
    #[arg(long, value_name = "FILE")]
    pub tiles: Option<PathBuf>,
}

/// Runs `render`.
///
/// # Errors
/// Bad arguments, an unreadable briefing or dataset, a rendering or write failure: phrased for the user.
pub fn run(args: &RenderArgs) -> Result<()> {
    let started = Instant::now();
    let (width, height) = parse_size(&args.size)?;
    let dark = match args.theme.as_str() {
        "dark" => true,
        "light" => false,
        other => usage!("--theme {other:?}: use dark or light"),
    };
    let content = picture_content(&args.hide)?;
    let is_briefing = briefing_file(&args.input);
    let (state, scenes) =
        if is_briefing { open_briefing(&args.input)? } else { (open_dataset(&args.input)?, 0) };
    let mut state = state;
    if let Some(title) = &args.title {
        state.briefing.title.clone_from(title);
    }
    let view = PictureView::new(state, None, content);
    let mut renderer = PictureRenderer::new(view, width, height, dark)?;
    if let Some(tiles) = &args.tiles {
        renderer.use_tile_file(tiles)?;
    }
    if is_briefing {
        if args.window.is_some() || args.center.is_some() || args.animate.is_some() {
            usage!("--window, --center, --zoom and --animate are for datasets; a briefing's scenes set them");
        }
        return render_scenes(&mut renderer, args, scenes, started);
    }
    if args.scene.is_some() || args.all_scenes {
        usage!("--scene and --all-scenes need a briefing (NAME.briefing.json)");
    }
    if let Some(edtf) = &args.window {
        let window = parse_span(edtf, "--window")?;
        renderer.view_mut().state.apply(Command::SetWindow(window));
    }
    if let (Some(center), Some(zoom)) = (&args.center, args.zoom) {
        let (lat, lon) = parse_center(center)?;
        if !(0.0..=20.0).contains(&zoom) {
            usage!("--zoom {zoom}: use 0 to 20");
        }
        let points_zoom = zoom - f64::from(renderer.pixels_per_point()).log2();
        renderer.view_mut().set_view(lat, lon, points_zoom);
    }
    if let Some(span) = &args.animate {
        return animate(&mut renderer, args, span, started);
    }
    let out = args.out.as_ref().context("--out FILE.png is needed")?;
    let image = renderer.render()?;
    save_png(out, &image)?;
    report(out, &image, started);
    Ok(())
}

fn render_scenes(
    renderer: &mut PictureRenderer,
    args: &RenderArgs,
    scenes: usize,
    started: Instant,
) -> Result<()> {
    if scenes == 0 {
        bail!("{}: the briefing has no scenes", args.input.display());
    }
    let chosen: Vec<(usize, PathBuf)> = if args.all_scenes {
        let dir = args.out_dir.as_ref().context("--all-scenes writes into --out-dir DIR")?;
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        (0..scenes).map(|k| (k, dir.join(format!("scene-{:02}.png", k + 1)))).collect()
    } else {
        let n = args.scene.context("choose --scene N (1 to the number of scenes) or --all-scenes")?;
        if n == 0 || n > scenes {
            usage!("--scene {n}: the briefing has scenes 1 to {scenes}");
        }
        let out = args.out.clone().context("--out FILE.png is needed")?;
        vec![(n - 1, out)]
    };
    for (k, out) in chosen {
        let state = &mut renderer.view_mut().state;
        state.apply(Command::JumpToScene(k));
        if let Some(BasemapChoice::Online { url, .. } | BasemapChoice::TileFile { path: url }) =
            state.basemap_request.take().filter(|b| *b != BasemapChoice::Embedded)
        {
            crate::say_err!(
                "scene {}: made with {url}; rendered on the embedded basemap (pass --tiles to use a file)",
                k + 1
            );
        }
        let image = renderer.render()?;
        save_png(&out, &image)?;
        report(&out, &image, started);
    }
    Ok(())
}

fn animate(renderer: &mut PictureRenderer, args: &RenderArgs, span: &str, started: Instant) -> Result<()> {
    let spec = AnimationSpec {
        span: parse_span(span, "--animate")?,
        step: Step::parse(&args.step).map_err(super::UsageError)?,
        fps: args.fps,
        mode: if args.accumulate { PlaybackMode::Accumulate } else { PlaybackMode::MovingWindow },
    };
    // Without --center, the view fits everything the animation will show, and stays there.
    if args.center.is_none() {
        let state = &mut renderer.view_mut().state;
        state.apply(Command::SetWindow(spec.span));
        state.apply(Command::FitToData);
        renderer.settle()?;
    }
    let output = match (&args.out, &args.out_dir) {
        (Some(out), None) if out.extension().is_some_and(|e| e.eq_ignore_ascii_case("gif")) => {
            AnimationOutput::Gif(out.clone())
        }
        (None, Some(dir)) => AnimationOutput::Frames(dir.clone()),
        _ => usage!("--animate writes --out FILE.gif or --out-dir DIR (numbered PNG frames)"),
    };
    // An animation's span, step and speed come from the command line: what they cannot make is a usage error.
    let frames = render_animation(renderer, &spec, &output, &Progress::default()).map_err(|e| match e {
        crate::export::ExportError::Animation(message) => anyhow::Error::new(super::UsageError(message)),
        other => anyhow::Error::new(other),
    })?;
    let (AnimationOutput::Gif(path) | AnimationOutput::Frames(path)) = &output;
    crate::say_err!("wrote {frames} frames to {} in {} ms", path.display(), started.elapsed().as_millis());
    Ok(())
}

fn report(out: &Path, image: &image::RgbaImage, started: Instant) {
    crate::say_err!(
        "wrote {} ({}x{}) in {} ms",
        out.display(),
        image.width(),
        image.height(),
        started.elapsed().as_millis()
    );
}

/// Whether a file is a briefing: named `*.briefing.json`, or JSON whose `type` says so.
fn briefing_file(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    name.ends_with(".briefing.json")
}

fn open_briefing(path: &Path) -> Result<(AppState, usize)> {
    let file = briefing::read(path)?;
    // A briefing from someone else opens only a dataset beside it: never any file it names.
    let dataset = file.confined_dataset(path, |_| false)?;
    let dataset =
        open_dataset(dataset).with_context(|| format!("{}: its dataset cannot be opened", path.display()))?;
    let mut state = dataset;
    for problem in file.problems_with(state.store()) {
        crate::say_err!("warning: {problem}");
    }
    let scenes = file.briefing.scenes.len();
    state.apply(Command::ReplaceBriefing(Box::new(file.briefing)));
    Ok((state, scenes))
}

fn open_dataset(path: &Path) -> Result<AppState> {
    // Every error of a reader names the file already.
    let loaded = io::read_any(path)?;
    for d in &loaded.diagnostics {
        crate::say_err!("{d}");
    }
    if loaded.has_errors() {
        bail!("{}: some features could not be read (listed above)", path.display());
    }
    if loaded.incidents.is_empty() {
        bail!("{}: no incidents to draw", path.display());
    }
    let name = path.file_stem().map_or_else(|| "dataset".to_owned(), |s| s.to_string_lossy().into_owned());
    let mut state = AppState::new(Dataset::new(loaded.incidents, name.clone(), vec![path.to_owned()]));
    state.briefing.title = name;
    Ok(state)
}

/// `1920x1080` → (1920, 1080).
fn parse_size(text: &str) -> Result<(u32, u32)> {
    let parsed =
        text.split_once(['x', 'X']).and_then(|(w, h)| Some((w.trim().parse().ok()?, h.trim().parse().ok()?)));
    match parsed {
        Some((w, h)) if (1..=8192).contains(&w) && (1..=8192).contains(&h) => Ok((w, h)),
        _ => usage!("--size {text:?}: use WIDTHxHEIGHT in pixels, each 1 to 8192, e.g. 1920x1080"),
    }
}

/// `55.75,37.62` → (55.75, 37.62).
fn parse_center(text: &str) -> Result<(f64, f64)> {
    let parsed =
        text.split_once(',').and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)));
    match parsed {
        Some((lat, lon)) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => {
            Ok((lat, lon))
        }
        _ => usage!("--center {text:?}: use LAT,LON in degrees, e.g. 55.75,37.62"),
    }
}

/// An EDTF date or interval as the window it covers.
fn parse_span(text: &str, flag: &str) -> Result<crate::store::TimeWindow> {
    let date = match EdtfDate::parse(text) {
        Ok(date) => date,
        Err(e) => usage!("{flag} {text:?}: {e}"),
    };
    let interval = date.interval();
    if interval.start == crate::model::UNBOUNDED_PAST || interval.end == crate::model::UNBOUNDED_FUTURE {
        usage!("{flag} {text:?}: give both ends");
    }
    Ok(crate::store::TimeWindow { start: interval.start, end: interval.end })
}

fn picture_content(hide: &[String]) -> Result<PictureContent> {
    let mut content = PictureContent::default();
    for part in hide {
        let switch = match part.trim() {
            "title" => &mut content.title,
            "caption" => &mut content.caption,
            "legend" => &mut content.legend,
            "date" => &mut content.date,
            "scale-bar" => &mut content.scale_bar,
            "attribution" => &mut content.attribution,
            other => usage!("--hide {other:?}: use title, caption, legend, date, scale-bar or attribution"),
        };
        *switch = false;
    }
    Ok(content)
}
