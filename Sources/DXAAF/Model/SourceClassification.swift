extension SourceChain {
    /// Physical source descriptors and the origin kind each stands for.
    static let originKinds: [(AAFClass, String)] = [
        (.tapeDescriptor, "tape"), (.importDescriptor, "import"), (.filmDescriptor, "film"),
        (.recordingDescriptor, "recording"), (.auxiliaryDescriptor, "auxiliary"),
    ]

    /// Names the chain's master, file and origin (tape or import) mobs and the original path.
    func classify(_ src: inout AAFSource, hops: [Hop]) throws {
        if let m = hops.first(where: { $0.mob.isA(.masterMob) }) {
            src.master = AAFMasterInfo(name: m.mob.mobName, mobID: m.mob.mobID(PID.mobID), slotID: m.slot?.slotID,
                                       physicalTrackNumber: m.slot?.physicalTrackNumber,
                                       userComments: try file.userComments(of: m.mob))
        }
        let fileIndex = hops.firstIndex { $0.descriptor?.isA(.fileDescriptor) == true }
        if let fi = fileIndex {
            src.file = try fileInfo(hops[fi])
        } else {
            src.notes.append("no file source mob in the chain")
        }
        let after = fileIndex.map { Array(hops[($0 + 1)...]) } ?? hops
        let originHop = after.first { h in SourceChain.originKinds.contains { h.descriptor?.isA($0.0) == true } }
        if let o = originHop {
            src.origin = try originInfo(o, sampleRate: src.file?.sampleRate)
        } else {
            src.notes.append(fileIndex != nil ? "no tape/import/film source mob after the file source mob"
                                              : "no tape/import/film source mob in the chain")
        }
        let unc = src.master?.userComments.first { $0.name == "UNC Path" }?.value
        for (path, from) in [(src.origin?.locators.first, "origin locator"), (unc, "UNC Path comment"),
                             (src.file?.locators.first, "file locator")] {
            if let path, !path.isEmpty {
                src.originalPath = path
                src.originalPathFrom = from
                break
            }
        }
    }

    private func fileInfo(_ h: Hop) throws -> AAFFileInfo {
        let d = h.descriptor!
        var notes: [String] = []
        let format = try file.audioFormat(of: d, slotID: h.slot?.slotID, notes: &notes)
        let container = d.weakReferenceKey(PID.fileContainerFormat).flatMap { file.definitionName($0) }
        let locs = try file.locators(of: d)
        let mobID = h.mob.mobID(PID.mobID)
        let isEmbedded = mobID.map { embedded.contains($0) } ?? false
        let ext = locs.first.map(SourceChain.pathExtension) ?? ""
        let kind: String
        if isEmbedded {
            kind = "embedded"
        } else if ext == ".mxf" || (container?.contains("MXF") == true && ext.isEmpty) {
            kind = "MXF"
        } else {
            let byClass: [AAFClass: String] = [.waveDescriptor: "WAVE", .aifcDescriptor: "AIFC", .pcmDescriptor: "PCM",
                                               .soundDescriptor: "PCM"]
            kind = d.baseClass.flatMap { AAFClass(id: d.classID) == $0 ? byClass[$0] : nil } ?? d.className
            if container?.contains("MXF") == true {
                notes.append("container is \(container!) but the locator is a \(ext.isEmpty ? "extension-less" : ext) file (linked media)")
            }
        }
        var startSamples: Ratio?
        if let sr = format.sampleRate, sr.isPositive, let x = h.start * sr, let y = x / h.rate { startSamples = y }
        return AAFFileInfo(name: h.mob.mobName, mobID: mobID, slotID: h.slot?.slotID,
                           channelInFile: h.slot?.physicalTrackNumber, editRate: h.rate, start: h.start, length: h.length,
                           startSamples: startSamples, descriptorClass: d.className, container: container,
                           essenceKind: kind, embedded: isEmbedded, sampleRate: format.sampleRate,
                           channels: format.channels, bits: format.bits, locators: locs, notes: notes)
    }

    private func originInfo(_ h: Hop, sampleRate: Ratio?) throws -> AAFOriginInfo {
        let d = h.descriptor!
        let kind = SourceChain.originKinds.first { d.isA($0.0) }!.1
        var o = AAFOriginInfo(kind: kind, reel: h.mob.mobName, mobID: h.mob.mobID(PID.mobID), editRate: h.rate,
                              start: h.start, length: h.length, locators: try file.locators(of: d), timecode: nil,
                              sourceInFrames: nil, sourceOutFrames: nil, notes: [])
        guard let tc = try file.timecodeTrack(of: h.mob) else {
            o.notes.append("no Timecode component in the source mob")
            return o
        }
        o.timecode = tc
        guard let scale = tc.editRate / h.rate, let a = h.start * scale, let end = h.start + h.length, let b = end * scale else {
            return o
        }
        o.sourceInFrames = tc.start.addingReportingOverflow(a.floor).overflow ? nil : tc.start + a.floor
        o.sourceOutFrames = tc.start.addingReportingOverflow(b.floor).overflow ? nil : tc.start + b.floor
        return o
    }

    /// ".wav" of "file:///a/b.WAV" (lower-cased), "" when none.
    static func pathExtension(_ path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return "" }
        return last[dot...].lowercased()
    }
}
