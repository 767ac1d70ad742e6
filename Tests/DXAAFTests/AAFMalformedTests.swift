import DXAAF
import DXEditModel
import Foundation
import TestSupport
import Testing

/// Damaged compound files and object trees, one structure at a time: each must end in an
/// AAFError (malformed, or notAAF) naming the stream and/or byte, never a crash, a hang
/// or an allocation sized by a count the file claims.
@Suite struct AAFMalformedTests {
    typealias Node = CompoundFileBuilder.Node

    /// A minimal AAF: the root object naming Header-2, the Header naming its
    /// ContentStorage, and the ContentStorage's Mobs vector holding `mobs` (keys 0, 1…).
    static func minimalAAF(mobs: [[Node]] = [], mobClass: [UInt8] = AAFBytes.classID(.compositionMob),
                           mobsIndex: [UInt8]? = nil, content: Bool = true, headerProperties: [UInt8]? = nil,
                           extra: [Node] = []) -> CompoundFileBuilder {
        let props = AAFBytes.properties
        var contentChildren: [Node] = [
            .stream("properties", props([(0x1901, AAFBytes.strongReferenceVector, AAFBytes.utf16z("Mobs-1901"))])),
            .stream("Mobs-1901 index", mobsIndex ?? AAFBytes.vectorIndex(mobs.indices.map { UInt32($0) })),
        ]
        for (k, mob) in mobs.enumerated() {
            contentChildren.append(.storage("Mobs-1901{\(String(k, radix: 16))}", classID: mobClass, mob))
        }
        var header: [Node] = [
            .stream("properties", headerProperties
                    ?? props([(0x3B03, AAFBytes.strongReference, AAFBytes.utf16z("Content-3b03"))])),
        ]
        if content { header.append(.storage("Content-3b03", classID: AAFBytes.classID(.contentStorage), contentChildren)) }
        return CompoundFileBuilder([
            .stream("properties", props([(0x0002, AAFBytes.strongReference, AAFBytes.utf16z("Header-2"))])),
            .storage("Header-2", classID: AAFBytes.classID(.header), header),
        ] + extra)
    }

    /// The error `body` throws: an AAFError, or a recorded issue.
    func failure(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> AAFError? {
        do {
            try body()
            Issue.record("read succeeded; expected an AAFError", sourceLocation: sourceLocation)
        } catch let e as AAFError {
            #expect(e.kind == .malformed || e.kind == .notAAF, "\(e)", sourceLocation: sourceLocation)
            #expect(e.path != nil || e.offset != nil, "no stream or byte named: \(e)", sourceLocation: sourceLocation)
            #expect(e.description.contains("stream ") || e.description.contains("byte "), sourceLocation: sourceLocation)
            return e
        } catch {
            Issue.record("\(type(of: error)): \(error), not an AAFError", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// Both fuzz-target paths fail on `bytes`: the compound-file walk and the AAF read.
    func bothFail(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> (cfb: AAFError?, aaf: AAFError?) {
        (failure({ try FuzzCalls.compoundFile(bytes) }, sourceLocation: sourceLocation),
         failure({ _ = try FuzzCalls.objects(bytes) }, sourceLocation: sourceLocation))
    }

    /// A CompositionMob "Cut 1" with one sound slot (`rate` fps) whose segment (100 units
    /// long) is of class `segmentClass`, and any `more` 25 fps slots (class, children) after it.
    static func compositionMob(segmentClass: [UInt8] = AAFBytes.unknownClassID, segment: [Node] = [component(length: 100)],
                               rate: UInt32 = 25, more: [(classID: [UInt8], segment: [Node])] = []) -> [Node] {
        let slots = [(segmentClass, segment)] + more
        return [
            .stream("properties", AAFBytes.properties([
                (0x4401, AAFBytes.data, [UInt8](repeating: 7, count: 32)),
                (0x4402, AAFBytes.data, AAFBytes.utf16z("Cut 1")),
                (0x4403, AAFBytes.strongReferenceVector, AAFBytes.utf16z("Slots-4403")),
            ])),
            .stream("Slots-4403 index", AAFBytes.vectorIndex(slots.indices.map { UInt32($0) })),
        ] + slots.enumerated().map { k, slot in
            .storage("Slots-4403{\(String(k, radix: 16))}", classID: AAFBytes.classID(.timelineMobSlot), [
                .stream("properties", AAFBytes.properties([
                    (0x4801, AAFBytes.data, AAFBytes.u32(UInt32(k + 1))),
                    (0x4B01, AAFBytes.data, AAFBytes.u32(k == 0 ? rate : 25) + AAFBytes.u32(1)),
                    (0x4803, AAFBytes.strongReference, AAFBytes.utf16z("Segment-4803")),
                ])),
                .storage("Segment-4803", classID: slot.0, slot.1),
            ])
        }
    }

    /// A Timecode segment's children: 25 fps non-drop from frame `start`.
    static func timecode(start: Int64) -> [Node] {
        let kind = withUnsafeBytes(of: AUID("01030201-0100-0000-060e-2b3404010101").bytes) { Array($0) }
        return [.stream("properties", AAFBytes.properties([
            (0x0201, AAFBytes.weakReference, [0, 0, 0, 0, 16] + kind),
            (0x0202, AAFBytes.data, withUnsafeBytes(of: Int64(1000).littleEndian) { Array($0) }),
            (0x1501, AAFBytes.data, withUnsafeBytes(of: start.littleEndian) { Array($0) }),
            (0x1502, AAFBytes.data, AAFBytes.u16(25)),
            (0x1503, AAFBytes.data, [0]),
        ]))]
    }

    /// A sound component's properties stream: data definition Sound, `length`, and `more`.
    static func component(length: Int64, _ more: [(pid: Int, form: Int, value: [UInt8])] = []) -> Node {
        let sound = withUnsafeBytes(of: AUID("01030202-0200-0000-060e-2b3404010101").bytes) { Array($0) }
        return .stream("properties", AAFBytes.properties([
            (0x0201, AAFBytes.weakReference, [0, 0, 0, 0, 16] + sound),
            (0x0202, AAFBytes.data, withUnsafeBytes(of: length.littleEndian) { Array($0) }),
        ] + more))
    }

    /// A Sequence's children: its properties and its components of the given classes and lengths.
    static func sequence(_ items: [(classID: [UInt8], length: Int64)]) -> [Node] {
        let total = items.reduce(Int64(0)) { $0 &+ $1.length }
        return [
            component(length: total, [(0x1001, AAFBytes.strongReferenceVector, AAFBytes.utf16z("Components-1001"))]),
            .stream("Components-1001 index", AAFBytes.vectorIndex(items.indices.map { UInt32($0) })),
        ] + items.enumerated().map { k, item in
            .storage("Components-1001{\(String(k, radix: 16))}", classID: item.classID, [component(length: item.length)])
        }
    }

    /// A 5000-byte stream ("/essence", 10 sectors of 512) beside the minimal AAF.
    static let essence: Node = .stream("essence", (0..<5000).map { UInt8(truncatingIfNeeded: $0) })

    // MARK: valid files

    @Test func minimalAAFWithoutCompositionReadsAsNoTimelines() throws {
        let built = AAFMalformedTests.minimalAAF(extra: [AAFMalformedTests.essence]).build()
        try FuzzCalls.compoundFile(built.bytes)
        #expect(try FuzzCalls.objects(built.bytes).isEmpty)
        let cfb = try CompoundFile(source: ByteSource(bytes: built.bytes))
        #expect(cfb.childNames(of: 0) == ["Header-2", "essence", "properties"])
        #expect(try cfb.read(stream: built.entries["/essence"]!) == (0..<5000).map { UInt8(truncatingIfNeeded: $0) })
    }

    // MARK: FAT and DIFAT

    @Test func fatLoopInTheDirectoryChain() throws {
        var built = AAFMalformedTests.minimalAAF().build()
        #expect(built.directorySectors.count >= 2)
        let last = built.directorySectors.last!
        built.setU32(UInt32(built.directorySectors[0]), at: built.fatEntry(last))
        let (e, _) = bothFail(built.bytes)
        #expect(e?.message.contains("directory chain loops back") == true)
        #expect(e?.offset == UInt64(built.fatEntry(last)))
    }

    @Test func fatLoopInAStream() throws {
        var built = AAFMalformedTests.minimalAAF(extra: [AAFMalformedTests.essence]).build()
        let start = built.streamStart["/essence"]!
        built.setU32(UInt32(start), at: built.fatEntry(start + 3))
        let e = failure { try FuzzCalls.compoundFile(built.bytes) }
        #expect(e?.message.contains("loops back") == true)
        #expect(e?.path == "/essence")
        #expect(e?.offset != nil)
    }

    @Test func difatLoop() throws {
        var builder = AAFMalformedTests.minimalAAF()
        builder.spareSectors = 1
        var built = builder.build()
        let difat = built.spareSectors[0]
        built.setU32(2, at: 44)                                  // two FAT sectors claimed, one in the header
        built.setU32(UInt32(difat), at: 68)                      // first DIFAT sector
        built.setU32(1, at: 72)
        built.setU32(UInt32(difat), at: built.offset(ofSector: difat) + built.sectorSize - 4)  // its next: itself
        let (e, _) = bothFail(built.bytes)
        #expect(e?.message.contains("DIFAT chain loops back") == true)
        #expect(e?.offset == UInt64(built.offset(ofSector: difat)))
    }

    @Test func sectorBeyondTheEndOfTheFile() throws {
        var built = AAFMalformedTests.minimalAAF(extra: [AAFMalformedTests.essence]).build()
        built.setStartSector("/essence", 100_000)
        let e = failure { try FuzzCalls.compoundFile(built.bytes) }
        #expect(e?.message.contains("beyond the end of the file") == true)
        #expect(e?.path == "/essence")
        #expect(e?.offset == UInt64(built.entry("/essence") + 116))

        var later = AAFMalformedTests.minimalAAF(extra: [AAFMalformedTests.essence]).build()
        let start = later.streamStart["/essence"]!
        later.setU32(100_000, at: later.fatEntry(start + 1))
        let e2 = failure { try FuzzCalls.compoundFile(later.bytes) }
        #expect(e2?.message.contains("stream byte 1024") == true)
        #expect(e2?.offset == UInt64(later.fatEntry(start + 1)))

        var directory = AAFMalformedTests.minimalAAF().build()
        directory.setU32(70_000, at: 48)
        #expect(failure { try FuzzCalls.compoundFile(directory.bytes) }?.offset == 48)
    }

    @Test func streamSizePastTheEnd() throws {
        var built = AAFMalformedTests.minimalAAF(extra: [AAFMalformedTests.essence]).build()
        built.setSize("/essence", UInt64(built.bytes.count) + 1)
        let e = failure { try FuzzCalls.compoundFile(built.bytes) }
        #expect(e?.message.contains("more than the file holds") == true)
        #expect(e?.path == "/essence")

        // Within the file's size but past the stream's chain: the chain ends early.
        var short = AAFMalformedTests.minimalAAF(extra: [AAFMalformedTests.essence]).build()
        short.setSize("/essence", 6000)
        let e2 = failure { try FuzzCalls.compoundFile(short.bytes) }
        #expect(e2?.message.contains("chain ends at stream byte 5120 of 6000") == true)
        #expect(e2?.path == "/essence")
    }

    // MARK: directory

    /// Directory links that make the tree a graph: a child pointing back to an ancestor
    /// (or the root), siblings pointing back to each other or to themselves. The error
    /// names the storage whose children loop.
    @Test(arguments: [
        ("child to ancestor", "/Header-2/Content-3b03", "/Header-2/Content-3b03", "child", "/Header-2"),
        ("child to root", "/Header-2", "/Header-2", "child", "/"),
        ("sibling loop", "/Header-2", "/", "right", "/properties"),
        ("sibling to itself", "/Header-2/properties", "/Header-2", "left", "/Header-2/properties"),
    ])
    func directoryCycle(_ name: String, entry: String, storage: String, link: String, target: String) throws {
        var built = AAFMalformedTests.minimalAAF().build()
        let to = UInt32(built.entries[target]!)
        switch link {
        case "child": built.setChild(entry, to)
        case "left": built.setLeft(entry, to)
        default: built.setRight(entry, to)
        }
        let (e, aaf) = bothFail(built.bytes)
        #expect(e?.message.contains("the directory has a cycle") == true, "\(name)")
        #expect(e?.path == storage, "\(name)")
        #expect(aaf?.path == storage, "\(name)")
    }

    // MARK: mini stream

    @Test func miniSectorChainLeavingTheMiniStream() throws {
        var built = AAFMalformedTests.minimalAAF().build()
        // The Header's properties stream spans 1 mini sector; the ContentStorage's index is
        // 12 bytes. Make the root's 2-sector-long properties chain leave the mini stream.
        let path = "/Header-2/Content-3b03/properties"
        let first = built.streamStart[path]!
        built.setSize(path, 100)                                // two mini sectors: follows the mini FAT
        built.setU32(5000, at: built.miniFATEntry(first))
        let (e, aaf) = bothFail(built.bytes)
        #expect(e?.message.contains("mini sector 5000, beyond the mini stream") == true)
        #expect(e?.path == path)
        #expect(e?.offset == UInt64(built.miniFATEntry(first)))
        #expect(aaf?.path == path)
    }

    @Test func miniStreamLargerThanTheFile() throws {
        var built = AAFMalformedTests.minimalAAF().build()
        built.setSize("/", UInt64(built.bytes.count) * 4)
        let (e, _) = bothFail(built.bytes)
        #expect(e?.message.contains("mini stream claims") == true)
        #expect(e?.path == "/")
    }

    @Test func streamLargerThanTheMiniStream() throws {
        var built = AAFMalformedTests.minimalAAF().build()
        built.setSize("/Header-2/properties", 4000)
        let (e, aaf) = bothFail(built.bytes)
        #expect(e?.message.contains("larger than the mini stream") == true)
        #expect(e?.path == "/Header-2/properties")
        #expect(aaf?.path == "/Header-2/properties")
    }

    // MARK: truncation

    @Test func truncatedFile() throws {
        // Without essence every sector is structure: both reads fail wherever the cut is.
        let structure = AAFMalformedTests.minimalAAF().build().bytes
        for length in [0, 100, 511, 512, 700, structure.count / 2, structure.count - 512, structure.count - 1] {
            _ = bothFail(Array(structure.prefix(length)))
        }
        // With essence last, a cut into the essence fails when the essence is read.
        let essence = AAFMalformedTests.minimalAAF(extra: [AAFMalformedTests.essence]).build().bytes
        for length in [essence.count - 4000, essence.count - 1] {
            let e = failure { try FuzzCalls.compoundFile(Array(essence.prefix(length))) }
            #expect(e?.path == "/essence")
        }
    }

    // MARK: objects

    @Test func propertiesRunningPastTheEndOfTheirStream() throws {
        let full = AAFBytes.properties([(0x3B03, AAFBytes.strongReference, AAFBytes.utf16z("Content-3b03"))])
        let built = AAFMalformedTests.minimalAAF(headerProperties: Array(full.dropLast(6))).build()
        try FuzzCalls.compoundFile(built.bytes)
        let e = failure { _ = try FuzzCalls.objects(built.bytes) }
        #expect(e?.message.contains("runs past the end of its properties stream") == true)
        #expect(e?.path == "/Header-2/properties")

        let tooMany: [UInt8] = [0x4C, 0x20, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 30)
        let listed = AAFMalformedTests.minimalAAF(headerProperties: tooMany).build()
        #expect(failure { _ = try FuzzCalls.objects(listed.bytes) }?.message.contains("lists 65535 properties") == true)
    }

    @Test func objectOfUnknownClassIsSkipped() throws {
        // A mob of a class neither the baseline nor the MetaDictionary declares: not a
        // composition, so the file reads, with no timelines.
        let unknownMob = AAFMalformedTests.minimalAAF(mobs: [[.stream("properties", AAFBytes.properties([]))]],
                                                      mobClass: AAFBytes.unknownClassID).build()
        #expect(try FuzzCalls.objects(unknownMob.bytes).isEmpty)

        // A composition whose sound track holds a segment of unknown class: the track reads,
        // the unknown item gives no clip, and a warning says what was not listed.
        let built = AAFMalformedTests.minimalAAF(mobs: [AAFMalformedTests.compositionMob()]).build()
        let timelines = try FuzzCalls.objects(built.bytes)
        #expect(timelines.count == 1)
        #expect(timelines.first?.title == "Cut 1")
        #expect(timelines.first?.events.isEmpty == true)
        let warnings = timelines.first?.source.diagnostics.map(\.message) ?? []
        #expect(warnings.contains { $0.hasPrefix("A1 at 0: ") && $0.contains("is not followed") && $0.hasSuffix("not listed") },
                "\(warnings)")
        #expect(try FuzzCalls.objects(built.bytes, composition: 1).count == 1)
    }

    /// Lengths and positions are the file's 64-bit numbers: sums that wrap must not trap.
    @Test func extremeLengthsDoNotTrap() throws {
        let clip = AAFBytes.classID(.sourceClip), filler = AAFBytes.classID(.filler)
        let cases: [[(classID: [UInt8], length: Int64)]] = [
            [(filler, 1), (clip, .max)], [(filler, .min), (clip, .max)],
            [(clip, .min), (clip, .max)], [(filler, .max), (clip, 10), (clip, .max)],
        ]
        for items in cases {
            let mob = AAFMalformedTests.compositionMob(segmentClass: AAFBytes.classID(.sequence),
                                                       segment: AAFMalformedTests.sequence(items))
            let built = AAFMalformedTests.minimalAAF(mobs: [mob]).build()
            let e = failure { _ = try FuzzCalls.objects(built.bytes) }
            #expect(e?.message.contains("are not a range") == true)
            #expect(e?.path == "/Header-2/Content-3b03/Mobs-1901{0}")
        }
    }

    /// Ratio.floor on the file's extreme values (positions are wrapping sums of lengths).
    @Test func ratioFloorAtTheLimits() {
        #expect(Ratio(-Int64.max, 2)?.floor == -(Int64(1) << 62))
        #expect(Ratio(Int64.min).floor == Int64.min)
        #expect(Ratio(-7, 2)?.floor == -4)
        #expect(Ratio(7, 2)?.floor == 3)
        #expect(Ratio(-6, 2)?.floor == -3)
    }

    /// A timecode start far outside any day: its labels cannot be formed.
    @Test func extremeTimecodeDoesNotTrap() throws {
        for start in [Int64.min, Int64.max, -(1 << 62), 1 << 62] {
            let mob = AAFMalformedTests.compositionMob(segmentClass: AAFBytes.classID(.sourceClip),
                                                       more: [(AAFBytes.classID(.timecode), AAFMalformedTests.timecode(start: start))])
            let built = AAFMalformedTests.minimalAAF(mobs: [mob]).build()
            let e = failure { _ = try FuzzCalls.objects(built.bytes) }
            #expect(e?.path == "/Header-2/Content-3b03/Mobs-1901{0}")
        }
    }

    @Test func strongReferenceToAMissingStorage() throws {
        let built = AAFMalformedTests.minimalAAF(content: false).build()
        try FuzzCalls.compoundFile(built.bytes)
        let e = failure { _ = try FuzzCalls.objects(built.bytes) }
        #expect(e?.message.contains("\"Content-3b03\", which does not exist") == true)
        #expect(e?.path == "/Header-2")
    }

    @Test func referenceVectorIndexListingMoreElementsThanExist() throws {
        let empty = [Node.stream("properties", AAFBytes.properties([]))]
        let built = AAFMalformedTests.minimalAAF(mobs: [empty], mobsIndex: AAFBytes.vectorIndex([0], count: 1000)).build()
        let e = failure { _ = try FuzzCalls.objects(built.bytes) }
        #expect(e?.message.contains("index lists 1000 elements but holds room for 1") == true)
        #expect(e?.path == "/Header-2/Content-3b03/Mobs-1901 index")

        let missing = AAFMalformedTests.minimalAAF(mobs: [empty], mobsIndex: AAFBytes.vectorIndex([0, 1])).build()
        let e2 = failure { _ = try FuzzCalls.objects(missing.bytes) }
        #expect(e2?.message.contains("\"Mobs-1901{1}\" does not exist") == true)
        #expect(e2?.path == "/Header-2/Content-3b03")
    }

    /// A storage reached by two references would make the walks exponential in the
    /// nesting depth (a sequence listing one component 1000 times, whose component does the
    /// same, …): refused as the damage it is.
    @Test func storageNamedByTwoReferences() throws {
        let empty = [Node.stream("properties", AAFBytes.properties([]))]
        let listedTwice = AAFMalformedTests.minimalAAF(mobs: [empty], mobsIndex: AAFBytes.vectorIndex([0, 0])).build()
        let e = failure { _ = try FuzzCalls.objects(listedTwice.bytes) }
        #expect(e?.message.contains("index lists element key 0 twice") == true)
        #expect(e?.path == "/Header-2/Content-3b03/Mobs-1901 index")

        let content = AAFBytes.utf16z("Content-3b03")
        let twoProperties = AAFMalformedTests.minimalAAF(headerProperties: AAFBytes.properties([
            (0x3B03, AAFBytes.strongReference, content), (0x3B04, AAFBytes.strongReference, content),
        ])).build()
        let e2 = failure { _ = try FuzzCalls.objects(twoProperties.bytes) }
        #expect(e2?.message.contains("named by two strong references") == true)
        #expect(e2?.path == "/Header-2/Content-3b03")
    }

    @Test func notACompoundFile() throws {
        let e = failure { _ = try FuzzCalls.objects(Array("TITLE: x\n".utf8) + [UInt8](repeating: 32, count: 600)) }
        #expect(e?.kind == .notAAF)
        #expect(e?.offset == 0)
        let noHeader = CompoundFileBuilder([.stream("properties", AAFBytes.properties([]))]).build()
        #expect(failure { _ = try FuzzCalls.objects(noHeader.bytes) }?.kind == .notAAF)
    }

    // MARK: memory

    /// Sizes and counts the file claims are checked against the file before anything is
    /// allocated for them: a 1 TB stream, a 1 TB mini stream and 2^31 FAT / mini FAT
    /// sectors in a 16 KB file end in an error (or are ignored) at once; an allocation of
    /// the claimed size would abort the test process.
    @Test func hugeClaimsAreRefusedBeforeAllocating() throws {
        let terabyte: UInt64 = 1 << 40
        let clock = ContinuousClock()
        let started = clock.now
        let v4 = AAFMalformedTests.minimalAAF(extra: [AAFMalformedTests.essence])
        var stream = CompoundFileBuilder(v4.children, sectorShift: 12).build()
        #expect(stream.bytes.count <= 32 * 1024)
        stream.setSize("/essence", terabyte)
        let e = failure {
            let cfb = try CompoundFile(source: ByteSource(bytes: stream.bytes))
            _ = try cfb.read(stream: stream.entries["/essence"]!)
        }
        #expect(e?.message.contains("stream claims 1099511627776 bytes") == true)
        #expect(e?.path == "/essence")

        var properties = CompoundFileBuilder(v4.children, sectorShift: 12).build()
        properties.setSize("/Header-2/properties", terabyte)
        #expect(failure { _ = try FuzzCalls.objects(properties.bytes) }?.path == "/Header-2/properties")

        var mini = CompoundFileBuilder(v4.children, sectorShift: 12).build()
        mini.setSize("/", terabyte)
        #expect(failure { try FuzzCalls.compoundFile(mini.bytes) }?.path == "/")

        var counts = AAFMalformedTests.minimalAAF().build()
        counts.setU32(0x8000_0000, at: 44)   // FAT sectors
        counts.setU32(0x8000_0000, at: 64)   // mini FAT sectors
        counts.setU32(0x8000_0000, at: 72)   // DIFAT sectors
        do {
            try FuzzCalls.compoundFile(counts.bytes)
            _ = try FuzzCalls.objects(counts.bytes)
        } catch let error as AAFError {
            #expect(error.kind == .malformed)
        }
        #expect(clock.now - started < .seconds(5))
    }

    // MARK: dx-conform

    /// `dx-conform list` on a damaged AAF exits 65 naming the stream or byte; a text file
    /// named .aaf is read as what its content is.
    @Test func conformListOnMalformedAAF() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var built = AAFMalformedTests.minimalAAF(extra: [AAFMalformedTests.essence]).build()
        built.setChild("/Header-2/Content-3b03", UInt32(built.entries["/Header-2"]!))
        let bad = dir.appendingPathComponent("damaged.aaf")
        try Data(built.bytes).write(to: bad)
        let r = try Repo.run("dx-conform", ["list", "--json", bad.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("stream /Header-2/Content-3b03"), "\(r.stderr)")
        #expect(r.stderr.contains("AAF:"))

        var chain = AAFMalformedTests.minimalAAF().build()
        chain.setU32(70_000, at: 48)
        let badChain = dir.appendingPathComponent("chain.aaf")
        try Data(chain.bytes).write(to: badChain)
        let r2 = try Repo.run("dx-conform", ["list", badChain.path])
        #expect(r2.status == 65)
        #expect(r2.stderr.contains("byte 48"), "\(r2.stderr)")

        let text = dir.appendingPathComponent("x.aaf")
        let edl = "TITLE: X\nFCM: NON-DROP FRAME\n\n001  TAPE1    A     C        01:00:00:00 01:00:01:00 10:00:00:00 10:00:01:00\n"
        try edl.write(to: text, atomically: true, encoding: .utf8)
        let r3 = try Repo.run("dx-conform", ["list", "--json", "--fps", "25", text.path])
        #expect(r3.status == 0, "\(r3.stderr)")
        #expect(r3.stdout.contains("TAPE1"))

        let junk = dir.appendingPathComponent("junk.aaf")
        try Data(AAFListReader.signature + [UInt8](repeating: 0xAB, count: 300)).write(to: junk)
        let r4 = try Repo.run("dx-conform", ["list", junk.path])
        #expect(r4.status == 65)
        #expect(r4.stderr.contains("byte 0"), "\(r4.stderr)")
    }
}
