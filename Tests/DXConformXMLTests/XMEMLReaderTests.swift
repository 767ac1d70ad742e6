import DXConformXML
import DXEditModel
import DXTimecode
import Testing

/// FCP7 XML (xmeml) read from real exports: FCP 7, Premiere, Kdenlive, Hiero.
@Suite struct XMEMLReaderTests {
    @Test func premiereStereoPairKeepsBothSides() throws {
        // The second clipitem of the pair names its file only as <file id="file-58"/>.
        let t = try XMLFixtures.timeline("hg_Fade_inn_og_ut.xml")
        #expect(t.source.format == .xmeml)
        #expect(t.source.dialect == "xmeml 4")
        #expect(t.rate == .fps25)
        let left = try #require(t.events(on: "A1").first)
        let right = try #require(t.events(on: "A2").first)
        for e in [left, right] {
            #expect(e.source.clipName == "AUXMP_RSM014012_SIGNS_OF_LIFE.wav")
            #expect(e.source.file == "file://localhost/Volumes/Media/Div%20testvideoer/Musikk/AUXMP_RSM014012_SIGNS_OF_LIFE.wav")
            #expect(e.recordIn(t) == "00:00:00:00")
            #expect(e.recordOut(t) == "00:02:00:00")
            #expect(e.sourceOut == "00:02:00:00")
        }
        #expect(left.source.channel == 1)
        #expect(right.source.channel == 2)
    }

    @Test func moreThanEightAudioTracks() throws {
        let t = try XMLFixtures.timeline("hg_60_sek_Jokulhlup.xml")
        #expect(t.events.count == 77)
        let audio = Set(t.events.flatMap(\.tracks).filter { $0.kind == .audio }.map(\.number))
        #expect(audio.max() == 15)
        let a15 = t.events(on: "A15")
        #expect(a15.count == 5)
        #expect(a15.map { $0.source.clipName } == ["Kommentar_31.wav", "Kommentar_31.wav", "Kommentar_31.wav",
                                                    "Kommentar_36.wav", "Kommentar_36.wav"])
        let e = try #require(t.events(on: "A14").first { $0.recordIn(t) == "00:00:17:20" })
        #expect(e.recordOut(t) == "00:00:21:21")
        #expect(e.sourceIn == "00:00:18:05")
        #expect(e.sourceOut == "00:00:22:06")
        #expect(e.source.channel == 1)
    }

    @Test func nestedMasterReadsEveryClipItem() throws {
        let t = try XMLFixtures.timeline("hg_master_v10_til_lydmix.xml")
        #expect(t.title == "master v10 til lydmix")
        #expect(t.events.count == 1081)
        #expect(t.events(on: "V1").count == 382)
        #expect(t.events(on: "A19").count == 45)
        // A clip item whose source is a nested sequence is one event, named as the clip.
        let nested = t.events.filter { $0.comments.contains("source: nested sequence 'AA312501.MXFMulticam-2'") }
        #expect(!nested.isEmpty)
        #expect(nested.allSatisfy { $0.source.clipName == "AA312501.MXFMulticam" && $0.source.file == nil })
        // clipitem-414 has neither file nor sequence: its master clip's nested sequence is found.
        let viaMaster = try #require(t.events.first { $0.origin.firstLine == 2466 })
        #expect(viaMaster.source.clipName == "AA312501.MXFMulticam")
        #expect(viaMaster.recordIn(t) == "00:01:59:03")
        #expect(viaMaster.recordOut(t) == "00:02:00:18")
        // file-29 is referenced three times and never defined: said once, not crashed on.
        #expect(t.warningText.contains("refers to file 'file-29', which the document never defines (and 2 more like it)"))
        #expect(t.events.filter { $0.speed != nil }.count == 14)
    }

    @Test func dropFrameSequence() throws {
        let t = try XMLFixtures.timeline("ccnmtl_Mark_P_XML.xml")
        #expect(t.rate == .fps29_97DF)
        #expect(t.recordStart == 107_892)
        #expect(t.label(t.recordStart!) == "01:00:00;00")
        let v = try #require(t.events(on: "V1").first)
        #expect(v.recordIn(t) == "01:00:00;00")
        #expect(v.recordOut(t) == "01:24:37;09")
        #expect(v.sourceIn == "00:37:23;21")
        #expect(v.sourceOut == "01:02:01;00")
        #expect(v.source.reel == "XH A1")
        #expect(v.transition.kind == .transition)
        #expect(v.transition.frames == 30)
        #expect(v.transition.effectName == "Cross Dissolve")
        let a = try #require(t.events(on: "A1").first)
        #expect(a.recordIn(t) == "01:00:00;06")
        #expect(a.transition.effectName == "Cross Fade ( 0dB)")
    }

    @Test func loggingInfoSceneAndTake() throws {
        let t = try XMLFixtures.timeline("hg_60_sek_Jokulhlup.xml")
        let e = try #require(t.events(on: "V1").first { $0.source.clipName == "AA297301.MXF" })
        #expect(e.source.take == "AA2973")
        #expect(e.sourceIn == "10:05:18:05")
        let m = try XMLFixtures.timeline("hg_master_v10_til_lydmix.xml")
        #expect(m.events.contains { $0.source.scene == "Scene 01" })
    }

    @Test func markers() throws {
        let t = try XMLFixtures.timeline("otio_premiere_example.xml")
        #expect(t.markers.map(\.name) == ["My MArker 1", "dsf", ""])
        #expect(t.markers.map(\.at) == [113, 492, 298])
        #expect(t.markers[0].note == "so, this happened")
        // A clip marker (media frame 85) placed at its record time.
        let clip = try #require(t.events(on: "V2").first { $0.source.clipName == "sc01_sh030_anim.mov" })
        #expect(clip.markers.map { t.label($0.at) } == ["00:00:13:05"])
        // Markers outside the used part of the media are not timeline events' markers.
        let s = try XMLFixtures.timeline("hg_60_sek_Jokulhlup.xml")
        let e = try #require(s.events(on: "V1").first { $0.source.clipName == "AA297401.MXF" && $0.recordIn(s) == "00:00:51:09" })
        #expect(e.markers.map(\.name) == ["kommer helt sikkert"])
        #expect(s.label(e.markers[0].at) == "00:00:58:01")
    }

    @Test func enabledFlags() throws {
        let off = try XMLFixtures.timeline("hg_disabled.xml")
        let on = try XMLFixtures.timeline("hg_enabled.xml")
        #expect(off.events.count == 2)
        #expect(off.events.allSatisfy { !$0.enabled })
        #expect(on.events.count == 2)
        #expect(on.events.allSatisfy { $0.enabled })
    }

    @Test func speedFromTimeRemap() throws {
        let t = try XMLFixtures.timeline("otio_hiero_xml_export.xml")
        let e = try #require(t.events.last)
        #expect(e.speed?.statedPercent == ExactDecimal(units: 25, scale: 2))
        #expect(e.flags.contains(.speedChange))
        #expect(t.events.first?.speed == nil)
        #expect(t.label(t.recordStart!) == "01:00:00:00")
        #expect(t.events.first?.recordIn(t) == "01:00:00:14")
    }

    @Test func fadesBelongToTheirClips() throws {
        // Langoya6 A7: a fade to black (end-black) ends one clip; the next clip, 614
        // frames later, starts with a cut, not with that fade.
        let t = try XMLFixtures.timeline("hg_Langoya6.xml")
        let a7 = t.events(on: "A7")
        let riveting = try #require(a7.first { $0.recordIn(t) == "00:04:36:12" })
        #expect(riveting.transition == .cut)
        let fadeIn = try #require(a7.first { $0.recordIn(t) == "00:00:28:02" })
        #expect(fadeIn.transition.frames == 50)
        #expect(fadeIn.transition.effectName == "Cross Fade (+3dB)")
    }

    @Test func emptySequenceAndNoSequenceReadWithAWarning() throws {
        for name in ["hg_EMPTY_SEQUENCE.xml", "otio_premiere_example_filter.xml"] {
            let all = try XMLFixtures.read(name)
            #expect(all.count == 1)
            #expect(all[0].events.isEmpty)
            #expect(all[0].warningText.contains("nothing to conform"), "\(name)")
        }
        #expect(try XMLFixtures.timeline("hg_EMPTY_SEQUENCE.xml").warningText.contains("project 'dnpr63001011'"))
        #expect(try XMLFixtures.timeline("otio_premiere_example_filter.xml").warningText.contains("<filter>"))
    }

    @Test func nestedSequenceInPremiere() throws {
        let t = try XMLFixtures.timeline("otio_premiere_example.xml")
        let n = try #require(t.events(on: "V2").first { $0.source.clipName == "sc01_sh010_anim" })
        #expect(n.comments == ["source: nested sequence 'sc01_sh010_anim'"])
        #expect(n.recordIn(t) == "00:00:21:06")
        #expect(n.recordOut(t) == "00:00:31:26")
    }

    @Test func largeMasterReadsQuickly() throws {
        let bytes = try XMLFixtures.bytes("hg_master_v10_til_lydmix.xml")
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            _ = try XMLListReader().read(bytes, options: .init(fileName: "master.xml"))
        }
        // Release builds take well under 0.2 s; debug builds are allowed much more.
        #expect(elapsed < .seconds(10))
    }
}
