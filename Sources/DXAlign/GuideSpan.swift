/// Samples `base ..< base + samples.count` of a guide channel of `total` frames.
struct GuideSpan {
    var base: Int
    var samples: [Float]
    var total: Int
}
