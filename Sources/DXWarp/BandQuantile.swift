/// A quantile of one band over the frames of a frame-major array (`values[k · bands + b]`):
/// the value at rank ⌊frames · `quantile`⌋ of the band's sorted values (the last one at most).
/// Noise floors and speech levels per band are read this way (`BandFloor`,
/// `RefinementFeatures`). `frames` must be above 0.
func bandQuantile(_ values: [Float], frames: Int, bands: Int, band b: Int, quantile: Double) -> Float {
    let sorted = (0..<frames).map { values[$0 * bands + b] }.sorted()
    return sorted[min(Int(Double(frames) * quantile), frames - 1)]
}
