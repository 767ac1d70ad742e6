import DXConformXML
import DXEditModel
import DXTimecode
import Testing

/// Corpus files where the reference parser (OpenTimelineIO's fcp_xml / fcpx_xml
/// adapters) is wrong. Each test names the case and checks what the file says.
@Suite struct OTIODisagreementTests {
    /// fcpx_xml reports 23.976 as 23 fps, so its labels are at the wrong rate
    /// (it says 00:00:30:09 for a 760-frame clip).
    @Test func integerRateFor23976() throws {
        let t = try XMLFixtures.timeline("dawfk_23.98.fcpxml")
        #expect(t.rate == .fps23_976)
        let v = t.events(on: "V1")
        #expect(v.map { $0.recordIn(t) } == ["00:00:00:00", "00:00:31:16", "00:00:58:14", "00:01:24:14",
                                            "00:01:53:12", "00:02:53:20", "00:03:19:19"])
        #expect(v.last?.recordOut(t) == "00:03:42:20")
        #expect(v[0].record == FrameRange(start: 0, end: 760))
    }

    /// fcpx_xml reports the 25i project as 29 fps (the rate of its first clip's media).
    @Test func twentyFiveInterlacedIsTwentyFive() throws {
        let t = try XMLFixtures.timeline("dawfk_25i.fcpxml")
        #expect(t.rate == .fps25)
        let v = t.events(on: "V1")
        #expect(v[0].recordOut(t) == "00:00:03:10")   // 17000/5000 s = 85 frames at 25
        #expect(v[0].sourceOut == "00:00:03:11")      // 101 frames of 29.97 media
        #expect(v[1].recordIn(t) == "00:00:03:10")
    }

    /// fcpx_xml reports 29.97 DF as 29 fps.
    @Test func dropFrameIs2997() throws {
        let t = try XMLFixtures.timeline("dawfk_29.97d.fcpxml")
        #expect(t.rate == .fps29_97DF)
        #expect(t.events(on: "V1")[0].record == FrameRange(start: 0, end: 103))
    }

    /// fcpx_xml counts a clip's offset at its media's rate: 3610 s at 25 fps shown at
    /// 24 fps becomes 01:02:40:10. It also runs source out past the end of the media
    /// (the asset is 29.52 s long), ignoring the 25→24 rate conform.
    @Test func offsetsAreSecondsNotMediaFrames() throws {
        let t = try XMLFixtures.timeline("dawfk_24With25Media.fcpxml")
        let v = t.events(on: "V1")
        #expect(v[0].recordIn(t) == "01:00:10:00")
        #expect(v[0].recordOut(t) == "01:00:12:06")
        #expect(v[0].sourceIn == "00:00:27:09")
        #expect(v[0].sourceOut == "00:00:29:13")   // = the asset's 738000/25000 s
        #expect(v[0].speed?.statedPercent == ExactDecimal(96))
        #expect(v[1].sourceOut == "00:02:22:01")   // = the asset's 142.04 s
        #expect(v[1].recordOut(t) == "01:02:42:23")
    }

    /// fcpx_xml keeps every clip inside a sync clip at its full length and at a record
    /// time computed from the wrong origin (audio "at" 10:42:21:00 in a project that
    /// starts at 00:59:50:00); the sync clip shows 49 frames.
    @Test func syncClipContentIsWindowed() throws {
        let t = try XMLFixtures.timeline("dawfk_SyncClipRoles.fcpxml")
        #expect(t.events.allSatisfy { $0.recordIn(t) == "01:01:04:23" })
        #expect(t.events(on: "V1")[0].record.duration == 49)
    }

    /// fcpx_xml ignores a secondary storyline's offset and its parent's start: 29.97d's
    /// lane-1 storyline starts 0.834 s into its clip, at 00:00:14;22, not 13;27.
    @Test func secondaryStorylineOffset() throws {
        let t = try XMLFixtures.timeline("dawfk_29.97d.fcpxml")
        #expect(t.events(on: "V2").first?.recordIn(t) == "00:00:14;22")
    }

    /// fcpx_xml does not read transitions (its feature table says so), nor the audio of
    /// clips that also have video, nor what compound clips hold.
    @Test func transitionsAudioAndCompounds() throws {
        let t = try XMLFixtures.timeline("otio_fcpx_project.fcpxml")
        #expect(t.events.filter { $0.transition.kind == .transition }.count == 3)
        #expect(t.events(on: "A1").map(\.source.clipName) == ["IMG_0268"])  // an A/V asset-clip's audio
        #expect(t.events.filter { !$0.comments.filter { $0.hasPrefix("in compound clip") }.isEmpty }.count == 6)
    }

    /// fcp_xml lays clips end to end after a transition that starts a track, so every
    /// later clip on that track moves: msub's first A1 clip starts at the transition's
    /// cut (frame 113 = 00:00:04:13), not at 00:00:04:10.
    @Test func transitionAtTrackStartDoesNotShiftTheTrack() throws {
        let t = try XMLFixtures.timeline("hg_msub20000112-taco1.xml")
        let a1 = t.events(on: "A1")
        #expect(a1.map { $0.recordIn(t) } == ["00:00:04:13", "00:00:13:07"])
        #expect(a1.map { $0.recordOut(t) } == ["00:00:13:07", "00:00:23:11"])
        #expect(a1.map(\.sourceIn) == ["01:18:04:06", "01:38:52:01"])
        #expect(a1[0].transition.frames == 6)
    }

    /// fcp_xml moves a clip that overlaps the one before it to after it; Premiere wrote
    /// start 1164 for it, overlapping the previous clip's end 1177.
    @Test func overlappingClipKeepsItsStart() throws {
        let t = try XMLFixtures.timeline("otio_premiere_example.xml")
        let e = try #require(t.events(on: "A7").last)
        #expect(e.recordIn(t) == "00:00:38:24")
        #expect(e.flags.contains(.overlapsOnTrack))
    }

    /// fcp_xml labels source timecode with the sequence's drop-frame flag; Kdenlive's
    /// files say NDF. It also makes source out = source in + record length where the
    /// file's in/out are one frame longer (kept here, and flagged).
    @Test func sourceTimecodeCountsAsTheFileSays() throws {
        let t = try XMLFixtures.timeline("otio_kdenlive_example_from_fcp.xml")
        #expect(t.rate == .fps29_97DF)
        let v = t.events(on: "V1")
        #expect(v[0].sourceRate == .fps29_97)
        #expect(v[0].sourceIn == "00:36:53:19")
        let sloppy = try #require(v.first { $0.recordIn(t) == "00:00:46;29" })
        #expect(sloppy.sourceRange.duration == 154)
        #expect(sloppy.record.duration == 153)
        #expect(sloppy.flags.contains(.durationMismatch))
    }

    /// fcp_xml adds times at different rates in floating point and truncates: in=163 at
    /// 25 fps is 00:00:06:13, not 06:12.
    @Test func sourceInIsExactAcrossRates() throws {
        let t = try XMLFixtures.timeline("hg_UA4-konsulentteam-CC.xml")
        let e = try #require(t.events(on: "A5").first { $0.source.clipName == "Speak_6.wav" })
        #expect(e.sourceIn == "00:00:06:13")
        #expect(e.sourceOut == "00:00:08:24")
    }

    /// fcp_xml lays out the clips of a track end to end and gives a transition that opens
    /// the track no time, so every later clip of Conecta's V3, A1 and A2 moves 15 frames
    /// early (146 rows keyed at the wrong record time). The file writes V3's second clip
    /// at start 287 (01:00:09;17), not 01:00:09;02; the first starts at its transition's
    /// cut (0…30 centred: frame 15).
    @Test func leadingTransitionDoesNotShiftConecta() throws {
        let t = try XMLFixtures.timeline("ccnmtl_Conecta_Test_XML.xml")
        #expect(t.rate == .fps29_97DF)
        let v3 = t.events(on: "V3")
        #expect(v3.prefix(3).map { $0.recordIn(t) } == ["01:00:00;15", "01:00:09;17", "01:00:20;11"])
        #expect(v3[1].record.start - t.recordStart! == 287)
        #expect(v3[0].transition.frames == 30)
        #expect(v3[0].sourceIn == "00:20:32;05")   // in 691 + the 15 frames before the cut
        let a1 = t.events(on: "A1")
        #expect(a1.prefix(2).map { $0.recordIn(t) } == ["01:00:00;15", "01:00:09;17"])
    }

    /// fcp_xml converts a 25 fps clip's in point through the 29.97 timecode of its audio
    /// file in floating point and lands a frame early: Moser's 'Kom mono_158.wav' has
    /// in=523 at 25 fps and timecode 00;00;00;00, so source in is 00:00:20:23, not 20:22.
    @Test func sourceInIsExactAcrossRatesInMoser() throws {
        let t = try XMLFixtures.timeline("hg_Multicam_Moser_1.xml")
        let e = try #require(t.events.first { $0.source.clipName == "Kom mono_158.wav" && $0.recordIn(t) == "00:00:20:15" })
        #expect(e.sourceRate == .fps25)
        #expect(e.sourceRange == FrameRange(start: 523, end: 587))
        #expect(e.sourceIn == "00:00:20:23")
    }

    /// The oracle prints fcp_xml's source times of a 15 fps clip as "0@15" / "50@15"
    /// (OTIO formats no timecode at 15 fps): the same frames as here, 0 and 50 at 15 fps.
    @Test func fifteenFpsClipInPremiereExample() throws {
        let t = try XMLFixtures.timeline("otio_premiere_example.xml")
        let v = try #require(t.events(on: "V1").first { $0.recordIn(t) == "00:00:17:26" })
        #expect(v.sourceRate == (try FrameRate(numerator: 15)))
        #expect(v.sourceRange == FrameRange(start: 0, end: 50))
        #expect(v.sourceOut == "00:00:03:05")
    }

    /// fcpx_xml reads the 23.976 media as 23 fps: Forest Day's duration 1550549/24000 s is
    /// 1549 frames (00:01:04:13), which it makes 1485 (01:01:21), and Water Lake 3's
    /// 44901810/720000 s 1495 frames (01:02:07), which it makes 1434. FCPXML has no track
    /// numbers: the primary storyline is A1 here and the connected lane -1 clip A2 (fcpx_xml
    /// puts the lane first), so its "A1 Water Lake 3" is this A2.
    @Test func audioOnlyDurationsAtTheRealRate() throws {
        let t = try XMLFixtures.timeline("dawfk_AudioOnly.fcpxml")
        let a1 = t.events(on: "A1"), a2 = t.events(on: "A2")
        #expect(a1.map { $0.record.duration } == [1549, 1549, 1549])
        #expect(a1.allSatisfy { $0.source.clipName == "Forest Day" })
        #expect(a2.map { $0.record.duration } == [1495, 1495])
        #expect(a2[0].recordOut(t) == "00:01:02:07")
        #expect(a2.allSatisfy { $0.source.clipName == "Water Lake 3" })
    }

    /// fcpx_xml reads 23.976 media in a 24 fps project as 23 fps: DisabledClips' first
    /// clip is at offset 48200/2400 s = frame 482 (00:00:20:02, it says 20:01) and lasts
    /// 1663/4 s = 9978 frames (source out 00:06:55:18, it says 06:38:10).
    @Test func mediaAt23976InA24Project() throws {
        let t = try XMLFixtures.timeline("dawfk_DisabledClips.fcpxml")
        let v = t.events(on: "V1")
        #expect(t.rate == .fps24)
        #expect(v.map { $0.recordIn(t) } == ["00:00:20:02", "00:07:15:20"])
        #expect(v[0].sourceRate == .fps23_976)
        #expect(v[0].sourceOut == "00:06:55:18")
        #expect(v[0].record.duration == 9978)
    }

    /// fcpx_xml reports the 59.94 project as 23 fps (its first media's rate, truncated).
    @Test func fiftyNineNinetyFour() throws {
        let t = try XMLFixtures.timeline("dawfk_59.94.fcpxml")
        #expect(t.rate == .fps59_94)
        let v = t.events(on: "V1")
        #expect(v[0].record == FrameRange(start: 0, end: 1900))   // 760 frames of 23.976 media
        #expect(v[0].recordOut(t) == "00:00:31:40")
    }

    /// fcpx_xml reports no reel for FCPXML clips; the file names one in each clip's
    /// metadata (com.apple.proapps.studio.reel): the connected ILA_005_0015 clip's is
    /// B003C011_200304_RO6B, the sync clip's audio 0304.
    @Test func reelsFromClipMetadata() throws {
        let t = try XMLFixtures.timeline("dawfk_SyncClipRoles2.fcpxml")
        let v2 = try #require(t.events(on: "V2").first)
        #expect(v2.source.clipName == "ILA_005_0015_techfinal_v001")
        #expect(v2.source.reel == "B003C011_200304_RO6B")
        #expect(t.events(on: "A1").first?.source.reel == "0304")
    }

    /// fcp_xml drops the second track of each Premiere stereo pair, so its A8 is the
    /// file's 14th audio track: at 00:00:17:20 A8 holds CHILLED_DATA_B, Kommentar_31 is on A14/A15.
    @Test func explodedStereoTracksKeepTheirNumbers() throws {
        let t = try XMLFixtures.timeline("hg_60_sek_Jokulhlup.xml")
        let at = t.events.filter { $0.recordIn(t) == "00:00:17:20" && $0.tracks[0].kind == .audio }
        #expect(at.map { $0.tracks[0].description } == ["A8", "A9", "A14", "A15"])
        #expect(at.map(\.source.clipName) == ["AUXMP_SCD087121_CHILLED_DATA_B.wav", "AUXMP_SCD087121_CHILLED_DATA_B.wav",
                                              "Kommentar_31.wav", "Kommentar_31.wav"])
    }
}

/// Timecode carried between rates of one nominal speed.
@Suite struct TimecodeLabelTests {
    /// fcp_xml converts a file's timecode "at 24" to the 23.976 clip rate through real
    /// time in floating point and lands a frame early; the file itself writes the label
    /// (<string>00:00:41:00</string>, frame 984), and in=25 is 00:00:42:01.
    @Test func sameNominalRateKeepsTheLabel() throws {
        let t = try XMLFixtures.timeline("otio_empty_name_tags.xml")
        let e = try #require(t.events(on: "V2").first { $0.recordIn(t) == "00:00:03:18" })
        #expect(e.sourceRate == .fps23_976)
        #expect(e.sourceIn == "00:00:42:01")
        #expect(e.sourceOut == "00:00:47:13")
        #expect(!t.warningText.contains("source timecode at 24 does not fall on a frame"))
    }
}
