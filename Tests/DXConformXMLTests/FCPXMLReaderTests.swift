import DXConformXML
import DXEditModel
import DXTimecode
import Testing

/// FCPXML (1.2–1.13) read from real Final Cut Pro exports.
@Suite struct FCPXMLReaderTests {
    @Test func syncClipRolesAndChannels() throws {
        let t = try XMLFixtures.timeline("dawfk_SyncClipRoles.fcpxml")
        #expect(t.source.format == .fcpxml)
        #expect(t.source.dialect == "fcpxml 1.11")
        #expect(t.rate == .fps25)
        #expect(t.label(t.recordStart!) == "00:59:50:00")
        let left = try #require(t.events(on: "A1").first)
        let right = try #require(t.events(on: "A2").first)
        #expect(left.source.role == "dialogue.MixL")
        #expect(right.source.role == "dialogue.MixR")
        #expect(left.source.channel == 1)
        #expect(right.source.channel == 2)
        for e in [left, right] {
            #expect(e.source.clipName == "Clip 1.1.1")
            #expect(e.source.reel == "0304")
            #expect(e.source.scene == "2A/2")
            #expect(e.source.take == "t3")
            // The sync clip plays 0.56 s of audio (audioDuration) from its start.
            #expect(e.recordIn(t) == "01:01:04:23")
            #expect(e.recordOut(t) == "01:01:05:12")
            #expect(e.sourceIn == "10:43:05:16")
            #expect(e.sourceOut == "10:43:06:05")
            #expect(e.enabled)
        }
        let v = try #require(t.events(on: "V1").first)
        #expect(v.source.clipName == "Clip 1.1")
        #expect(v.source.role == "VFX.VFX-Background")
        #expect(v.recordOut(t) == "01:01:06:22")
    }

    @Test func syncClipWithFourChannelRecorder() throws {
        let t = try XMLFixtures.timeline("dawfk_SyncClipRoles2.fcpxml")
        let recorder = t.events.filter { $0.source.clipName == "UE2696_______5_1_____t5__PN" }
        #expect(recorder.map { $0.tracks[0].description } == ["A3", "A4", "A5", "A6"])
        #expect(recorder.map(\.source.channel) == [1, 2, 3, 4])
        #expect(recorder.map(\.source.role) == ["dialogue.MIX L", "dialogue.MIX R", "dialogue.Boom 1", "dialogue.dialogue-1"])
        for e in recorder {
            #expect(e.source.reel == "0303")
            #expect(e.source.scene == "5/1")
            #expect(e.source.take == "t5")
            #expect(e.recordIn(t) == "01:01:18:09")
            #expect(e.recordOut(t) == "01:01:19:17")
            #expect(e.sourceIn == "09:03:48:09")
            #expect(e.sourceOut == "09:03:49:17")
            #expect(e.comments.contains("record in falls between frames: exact time 2648438071/720000s"))
        }
        #expect(t.warningText.contains("not on a frame boundary"))
    }

    @Test func audioOnlyProject() throws {
        let t = try XMLFixtures.timeline("dawfk_AudioOnly.fcpxml")
        #expect(t.rate == .fps23_976)
        #expect(t.events.allSatisfy { $0.tracks.allSatisfy { $0.kind == .audio } })
        #expect(t.events.count == 5)
        let forest = t.events(on: "A1")
        #expect(forest.map { $0.recordIn(t) } == ["00:00:00:00", "00:01:04:13", "00:02:09:02"])
        #expect(forest.allSatisfy { $0.source.role == "music.music-1" && $0.sourceOut == "00:01:04:13" })
        #expect(forest[0].source.file == "file:///Users/user/Movies/FCPXMLTest.fcpbundle/Demo%201/Original%20Media/Forest%20Day.caf")
        #expect(forest[0].markers.map(\.name) == ["Marker 1", "Marker 2"])
        let water = t.events(on: "A2")
        #expect(water.map { $0.source.clipName } == ["Water Lake 3", "Water Lake 3"])
        #expect(water.map { $0.recordIn(t) } == ["00:00:00:00", "00:01:27:07"])
        #expect(water[0].source.role == "effects")
    }

    @Test func compoundClipsAreReadThrough() throws {
        let t = try XMLFixtures.timeline("otio_fcpx_project.fcpxml")
        // ref-clip 'compound_clip_1' at 80 s shows its content from 3.633 s on.
        let inside = t.events.filter { $0.comments.contains("in compound clip 'compound_clip_1'") }
        #expect(inside.count == 6)
        // At 140 s the compound plays video only; a connected copy (srcEnable="audio") plays its sound.
        let split = inside.filter { $0.recordIn(t) == "00:02:20:00" }
        #expect(split.map { $0.tracks[0].kind } == [.video, .audio])
        #expect(split.map(\.source.clipName) == ["IMG_0233", "IMG_0233"])
        #expect(split.last?.recordOut(t) == "00:02:30:00")
        let first = try #require(inside.first { $0.tracks == [.video(1)] })
        #expect(first.source.clipName == "IMG_0233")
        #expect(first.source.file == "file:///Volumes/Media/otio/IMG_0233.MOV")
        #expect(first.recordIn(t) == "00:01:20:00")
        #expect(first.recordOut(t) == "00:01:26:11")
        #expect(first.sourceIn == "00:00:03:19")
        // 25i: a 29.97 compound in a 25 fps project.
        let i = try XMLFixtures.timeline("dawfk_25i.fcpxml")
        let media = try #require(i.events(on: "V1").first { $0.comments == ["in compound clip 'Clip 3'"] })
        #expect(media.source.clipName == "Media Clip")
        #expect(media.recordIn(i) == "00:00:06:23")
        #expect(media.recordOut(i) == "00:00:10:13")
        #expect(media.sourceRate == .fps29_97)
        #expect(media.sourceIn == "00:00:15:02")
    }

    @Test func multicamActiveAngles() throws {
        let t = try XMLFixtures.timeline("dawfk_MulticamMarkers.fcpxml")
        #expect(t.label(t.recordStart!) == "01:00:00:00")
        #expect(t.events.count == 4)
        let a = t.events(on: "A1")
        #expect(a.map(\.source.clipName) == ["Cam 4", "Cam 2"])
        #expect(a.map { $0.recordIn(t) } == ["01:00:00:00", "01:00:40:00"])
        #expect(a.map { $0.recordOut(t) } == ["01:00:40:00", "01:00:50:00"])
        #expect(a.map(\.sourceIn) == ["00:00:05:20", "00:00:07:20"])
        #expect(a.map(\.source.reel) == ["Cam 4 Reel", "Cam 2 Reel"])
        #expect(a[0].comments == ["in multicam 'MC' angle 'D'"])
        // The angle's own marker and the multicam clip's marker, both on the edit under them.
        #expect(t.events(on: "V1")[0].markers.map(\.name) == ["Marker in Multicam Clip on Angle D", "Marker on Multicam Clip 1"])
        #expect(t.warningText.contains("'Marker in Multicam Clip on Angle B' lies outside"))
    }

    @Test func dropFrameProject() throws {
        let t = try XMLFixtures.timeline("dawfk_29.97d.fcpxml")
        #expect(t.rate == .fps29_97DF)
        #expect(t.source.rateBasis?.contains("drop-frame") == true)
        let v = t.events(on: "V1")
        #expect(v.map { $0.recordIn(t) } == ["00:00:00;00", "00:00:03;13", "00:00:06;29", "00:00:10;17",
                                            "00:00:13;27", "00:00:18;14", "00:00:22;18"])
        #expect(v.last?.recordOut(t) == "00:00:29;17")
        // The clips' own timecode is NDF (tcFormat="NDF"), so sources count without drops.
        #expect(v[1].sourceRate == .fps29_97)
        #expect(v[1].sourceIn == "00:00:07:04")
    }

    @Test func tcStartIsTheRecordStart() throws {
        let t = try XMLFixtures.timeline("dawfk_24With25Media.fcpxml")
        #expect(t.rate == .fps24)
        #expect(t.recordStart == 86_400)
        let v = try #require(t.events(on: "V1").first)
        #expect(v.recordIn(t) == "01:00:10:00")
    }

    @Test func disabledClips() throws {
        let t = try XMLFixtures.timeline("dawfk_DisabledClips.fcpxml")
        #expect(t.events(on: "V1").map(\.enabled) == [true, false])
        #expect(t.events(on: "A1").map(\.enabled) == [true, false])
    }

    @Test func transitionsRetimesAndAuditions() throws {
        let p = try XMLFixtures.timeline("otio_fcpx_project.fcpxml")
        let dissolve = try #require(p.events(on: "V2").first { $0.recordIn(p) == "00:00:50:00" })
        #expect(dissolve.transition.kind == .transition)
        #expect(dissolve.transition.frames == 30)
        #expect(dissolve.transition.effectName == "Cross Dissolve")
        let t = try XMLFixtures.timeline("dawfk_23.98.fcpxml")
        let v = t.events(on: "V1")
        // The audition's first pick (TestVideo2, 25 fps media conformed to 23.976).
        #expect(v[1].source.clipName == "TestVideo2")
        #expect(v[1].speed?.statedPercent == ExactDecimal(units: 95904, scale: 3))
        // A timeMap retime: 227.441 %, source read through the map.
        #expect(v[3].speed?.statedPercent == ExactDecimal(units: 227441, scale: 3))
        #expect(v[3].sourceIn == "00:01:52:22")
        #expect(v[3].sourceOut == "00:02:58:16")
        #expect(v[3].flags.contains(.speedChange))
    }

    @Test func overlappingConnectedClipsGetTheirOwnTracks() throws {
        // Two music cues on lane -1, hung off different clips, crossfading for 10 s.
        let t = try XMLFixtures.timeline("dawfk_Complex.fcpxml")
        let music = t.events.filter { $0.source.clipName == "Interstellar Soundtrack - No Time for Caution" }
        #expect(music.map { $0.tracks[0].description } == ["A2", "A3"])
        #expect(music.allSatisfy { !$0.flags.contains(.overlapsOnTrack) })
        #expect(music.map(\.source.role) == ["music.music-1", "effects.effects-1"])
    }

    @Test func markersOnClipsAndTimeline() throws {
        let t = try XMLFixtures.timeline("dawfk_Occlusion.fcpxml")
        // Markers outside the used part of a clip are hidden in Final Cut and left out here.
        #expect(t.markers.map(\.name) == ["Marker on Start", "Marker in Middle", "Marker 1 Frame Before End", "Marker in Middle"])
        #expect(t.markers.map { t.label($0.at) } == ["00:00:00:00", "00:00:15:00", "00:00:29:23", "00:00:45:00"])
        #expect(t.warningText.contains("lies outside the part of its clip in use"))
        let c = try XMLFixtures.timeline("dawfk_Complex.fcpxml")
        let first = try #require(c.events(on: "V1").first)
        #expect(first.markers.first?.name == "(To-Do) Penguin")
        #expect(first.markers.first?.color == "RED")
        #expect(first.markers.contains { $0.name == "Chapter 1" && $0.color == "ORANGE" })
    }

    @Test func severalProjectsAreSeveralTimelines() throws {
        let all = try XMLFixtures.read("otio_fcpx_example.fcpxml")
        #expect(all.map(\.title) == ["OpenTimeline_Project", "OpenTimeline_Project 1"])
        #expect(all[0].events.count == 22)
    }

    @Test func projectWithoutSequenceReadsWithAWarning() throws {
        let t = try XMLFixtures.timeline("hg_New_Event_2.06.13.fcpxml")
        #expect(t.events.isEmpty)
        #expect(t.warningText.contains("project holds no sequence (2 browser clips)"))
    }
}
