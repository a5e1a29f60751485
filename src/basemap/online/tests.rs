//! Online tiles against a tile server started by the test on 127.0.0.1: nothing leaves the machine.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use super::*;

/// Serves `requests` HTTP requests: a blue PNG for `/0/0/0.png`, and `failing_status` for anything else
/// (or for everything when `always_fail`). Returns the base URL.
fn serve(requests: usize, always_fail: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let address = listener.local_addr().expect("address");
    let mut png = Vec::new();
    image::RgbaImage::from_pixel(256, 256, image::Rgba([10, 60, 200, 255]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    crate::sys::threads::spawn("test-tile-server", move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            let mut request_line = String::new();
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let _ = reader.read_line(&mut request_line);
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).map_or(true, |n| n == 0) || header == "\r\n" {
                    break;
                }
            }
            let ok = !always_fail && request_line.starts_with("GET /0/0/0.png ");
            if ok {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    png.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&png);
            } else {
                let _ = stream.write_all(
                    b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            }
        }
    });
    format!("http://{address}")
}

fn wait_for(tiles: &mut OnlineTiles, done: impl Fn(&OnlineStatus) -> bool) {
    for _ in 0..500 {
        tiles.collect();
        if done(tiles.status()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn tiles_come_from_the_server_and_are_cached_on_disk() {
    let base = serve(4, false);
    let source =
        OnlineSource::custom(&format!("{base}/{{z}}/{{x}}/{{y}}.png"), "© Local test").expect("template");
    let cache = tempfile::tempdir().expect("cache dir");
    let ctx = Context::default();
    let mut tiles = OnlineTiles::new(&ctx, source.clone(), Some(cache.path()));
    assert!(tiles.at(TileId { x: 0, y: 0, zoom: 0 }).is_none(), "not yet fetched");
    wait_for(&mut tiles, |s| s.loaded == 1);
    assert_eq!(tiles.status().loaded, 1);
    assert!(tiles.at(TileId { x: 0, y: 0, zoom: 0 }).is_some());
    assert!(cache.path().join("0/0/0.tile").exists(), "kept on disk");
    // A new source over the same cache needs no server at all.
    let mut again = OnlineTiles::new(
        &ctx,
        OnlineSource::custom("http://127.0.0.1:9/{z}/{x}/{y}.png", "").expect("t"),
        Some(cache.path()),
    );
    let _ = again.at(TileId { x: 0, y: 0, zoom: 0 });
    wait_for(&mut again, |s| s.loaded == 1);
    assert_eq!(again.status().loaded, 1);
    assert_eq!(tiles.attribution().text, "© Local test");
}

#[test]
fn a_failing_server_is_reported() {
    let base = serve(2, true);
    let source = OnlineSource::custom(&format!("{base}/{{z}}/{{x}}/{{y}}.png"), "x").expect("template");
    let ctx = Context::default();
    let mut tiles = OnlineTiles::new(&ctx, source, None);
    let _ = tiles.at(TileId { x: 0, y: 0, zoom: 0 });
    wait_for(&mut tiles, |s| s.failed == 1);
    let error = tiles.status().last_error.clone().expect("an error");
    assert!(error.contains("500"), "{error}");
    assert!(tiles.at(TileId { x: 0, y: 0, zoom: 0 }).is_none(), "no tile, and no endless retry");
}

#[test]
fn templates_are_checked() {
    assert_eq!(OnlineSource::custom("ftp://x/{z}/{x}/{y}", ""), Err(TemplateError::Scheme));
    assert_eq!(OnlineSource::custom("https://x/{z}/{x}", ""), Err(TemplateError::Placeholders));
    assert_eq!(OnlineSource::openstreetmap().host(), "tile.openstreetmap.org");
}
