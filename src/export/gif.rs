//! Animated GIF writing with a palette per frame that always holds the given colours exactly (the
//! category colours of the markers), the rest chosen by NeuQuant from the frame. A palette chosen from
//! pixel counts alone merges small, rare markers into their neighbours' colours.

use std::collections::HashMap;
use std::io::Write;

use image::RgbaImage;

/// GIF palettes hold at most this many colours.
const PALETTE_SIZE: usize = 256;

/// Writes frames of one size into a looping GIF.
pub struct GifWriter<W: Write> {
    encoder: gif::Encoder<W>,
    reserved: Vec<[u8; 3]>,
    delay_centiseconds: u16,
    size: (u16, u16),
}

impl<W: Write> GifWriter<W> {
    /// A GIF of `width`x`height` at `fps` frames per second, whose palettes keep `reserved` colours exact.
    ///
    /// # Errors
    /// A size over 65535, or a failed write.
    pub fn new(out: W, width: u32, height: u32, fps: f32, reserved: &[[u8; 3]]) -> std::io::Result<Self> {
        let (Ok(w), Ok(h)) = (u16::try_from(width), u16::try_from(height)) else {
            return Err(std::io::Error::other("a GIF is at most 65535 pixels a side"));
        };
        let mut encoder = gif::Encoder::new(out, w, h, &[]).map_err(std::io::Error::other)?;
        encoder.set_repeat(gif::Repeat::Infinite).map_err(std::io::Error::other)?;
        let delay_centiseconds = (100.0 / fps).round().clamp(1.0, 65_535.0) as u16;
        let mut reserved = reserved.to_vec();
        reserved.dedup();
        reserved.truncate(PALETTE_SIZE / 4);
        Ok(Self { encoder, reserved, delay_centiseconds, size: (w, h) })
    }

    /// Adds a frame (of the writer's size).
    ///
    /// # Errors
    /// A frame of another size, or a failed write.
    pub fn add(&mut self, image: &RgbaImage) -> std::io::Result<()> {
        if (image.width(), image.height()) != (u32::from(self.size.0), u32::from(self.size.1)) {
            return Err(std::io::Error::other("every frame of a GIF has the same size"));
        }
        let learned = color_quant::NeuQuant::new(10, PALETTE_SIZE - self.reserved.len(), image.as_raw());
        let mut palette: Vec<[u8; 3]> = self.reserved.clone();
        palette.extend(learned.color_map_rgb().chunks_exact(3).map(|c| [c[0], c[1], c[2]]));
        let mut nearest: HashMap<[u8; 3], u8> = HashMap::new();
        let indices: Vec<u8> = image
            .pixels()
            .map(|p| {
                let rgb = [p.0[0], p.0[1], p.0[2]];
                *nearest.entry(rgb).or_insert_with(|| closest(&palette, rgb))
            })
            .collect();
        let frame = gif::Frame {
            width: self.size.0,
            height: self.size.1,
            delay: self.delay_centiseconds,
            palette: Some(palette.concat()),
            buffer: indices.into(),
            ..gif::Frame::default()
        };
        self.encoder.write_frame(&frame).map_err(std::io::Error::other)
    }
}

/// The index of the palette colour nearest to `rgb` (squared distance in RGB).
fn closest(palette: &[[u8; 3]], rgb: [u8; 3]) -> u8 {
    let distance = |c: &[u8; 3]| -> u32 { (0..3).map(|k| u32::from(c[k].abs_diff(rgb[k])).pow(2)).sum() };
    let best = palette.iter().enumerate().min_by_key(|(_, c)| distance(c)).map_or(0, |(k, _)| k);
    u8::try_from(best).unwrap_or(u8::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rare_reserved_colour_survives_exactly() {
        // A grey picture with a few pixels of two close oranges: both must come back as they were.
        let mut image = RgbaImage::from_pixel(200, 100, image::Rgba([60, 62, 70, 255]));
        for x in 0..200 {
            for y in 0..100 {
                let v = u8::try_from((x + y) % 200).unwrap_or(0);
                image.put_pixel(x, y, image::Rgba([v, v / 2 + 40, 90, 255]));
            }
        }
        let (vermillion, orange) = ([213, 94, 0], [230, 159, 0]);
        for k in 0..4 {
            image.put_pixel(10 + k, 10, image::Rgba([213, 94, 0, 255]));
            image.put_pixel(50 + k, 50, image::Rgba([230, 159, 0, 255]));
        }
        let mut bytes = Vec::new();
        let mut writer = GifWriter::new(&mut bytes, 200, 100, 2.0, &[vermillion, orange]).expect("writer");
        writer.add(&image).expect("frame");
        drop(writer);
        let decoded = image::load_from_memory(&bytes).expect("gif").to_rgba8();
        assert_eq!(&decoded.get_pixel(11, 10).0[..3], &vermillion);
        assert_eq!(&decoded.get_pixel(51, 50).0[..3], &orange);
    }
}
