//! The chapter's exercises are gradable: every reference solution gets full points, every
//! untouched starter does not, and each wrong saver and decoder kept here (writing in place,
//! removing the target, a temporary file elsewhere, left behind or shared, a decoder that trusts
//! the pieces, reads lines, gets the byte order wrong, delivers late, in part or one at a time,
//! has no limit or the wrong one, or takes a cut-off stream for a whole one) is caught by the
//! check that names its mistake, the same way on every run.

use exercise_kit::contract::{
    assert_caught, assert_caught_every_time, describe, run_all, run_at_once,
};
use exercise_kit::grading::{CheckReport, Code, Exercise, Outcome, run_check};
use ipc_exercises::atomic_save::{self, AtomicSave};
use ipc_exercises::chapter;
use ipc_exercises::frame_decoder::{self, FrameDecoder};

exercise_kit::contract_tests!(chapter(), [atomic_save, frame_decoder]);

// Beside this file, not in `tests/`, where cargo would take it for a test program of its own.
#[path = "exercises/fixtures.rs"]
mod fixtures;

fn saving() -> &'static Exercise {
    chapter().exercise("atomic_save")
}

fn decoding() -> &'static Exercise {
    chapter().exercise("frame_decoder")
}

/// A saver's checks side by side: each has a folder of its own.
fn grade_saver<P: AtomicSave>() -> Vec<CheckReport> {
    run_at_once(&saving().bind(&atomic_save::runs::<P>()))
}

fn grade_decoder<D: FrameDecoder>() -> Vec<CheckReport> {
    run_all(&decoding().bind(&frame_decoder::runs::<D>()))
}

/// How many times the checks that depend on a forced interleaving must catch their mistake.
const TIMES: usize = 5;

#[test]
fn the_untouched_starters_fail_saying_what_a_reader_found() {
    // An edited starter is the student's work, graded by `your_work::<id>`, not an example.
    if saving().starter_untouched() {
        let reports = grade_saver::<atomic_save::starter::Saver>();
        let words = [
            "before chunk 1 of",
            "a reader of the target found an empty file",
        ];
        assert_caught(saving(), &reports, "readers_never_see_half", &words);
    }
    if decoding().starter_untouched() {
        let reports = run_all(&decoding().bind(&frame_decoder::runs_of(Code::Starter)));
        let words = ["fed all at once", "delivery 0 was", "that no message held"];
        assert_caught(decoding(), &reports, "whole_messages_any_split", &words);
    }
}

#[test]
fn writing_the_target_directly_is_caught_every_time() {
    let checks = saving().bind(&atomic_save::runs::<fixtures::DirectWrite>());
    let words = ["a reader of the target found an empty file", "half-written"];
    let run = "readers_never_see_half";
    assert_caught_every_time(saving(), &checks, run_at_once(&checks), run, &words, TIMES);
}

#[test]
fn removing_the_target_first_is_caught_as_missing() {
    let reports = grade_saver::<fixtures::RemoveThenRename>();
    let words = [
        "before chunk 1 of",
        "found no file at the target: it was missing",
    ];
    assert_caught(saving(), &reports, "readers_never_see_half", &words);
}

#[test]
fn removing_the_target_just_before_the_rename_is_caught_by_the_kernels_record() {
    let reports = grade_saver::<fixtures::RemoveJustBeforeRename>();
    let words = ["the target was removed during the save", "it was missing"];
    assert_caught(saving(), &reports, "readers_never_see_half", &words);
}

#[test]
fn buffering_then_writing_in_place_is_caught_by_the_inode() {
    let reports = grade_saver::<fixtures::BufferThenWriteInPlace>();
    let words = ["still the same file (inode", "rewritten in place"];
    assert_caught(saving(), &reports, "readers_never_see_half", &words);
}

#[test]
fn copying_the_temporary_file_over_the_target_is_caught_as_in_place() {
    let reports = grade_saver::<fixtures::NoRename>();
    let words = ["still the same file (inode", "rewritten in place"];
    assert_caught(saving(), &reports, "readers_never_see_half", &words);
}

#[test]
fn a_temporary_file_in_another_folder_is_caught() {
    let reports = grade_saver::<fixtures::TempElsewhere>();
    let words = [
        "no new file in the target's folder held any of",
        "another file system",
    ];
    assert_caught(saving(), &reports, "temp_beside_target_and_gone", &words);
}

#[test]
fn holding_every_chunk_in_memory_is_caught() {
    let reports = grade_saver::<fixtures::BuffersEverything>();
    let words = [
        "no new file in the target's folder held any of",
        "as it arrives",
    ];
    assert_caught(saving(), &reports, "temp_beside_target_and_gone", &words);
}

#[test]
fn a_decoy_temporary_file_beside_the_target_is_caught() {
    let reports = grade_saver::<fixtures::DecoyTemp>();
    let words = ["the file renamed over the target came from another folder"];
    assert_caught(saving(), &reports, "temp_beside_target_and_gone", &words);
}

#[test]
fn a_temporary_file_left_behind_by_a_failed_save_is_caught() {
    let reports = grade_saver::<fixtures::LeavesTempOnError>();
    let words = [
        "after a save whose source failed after",
        "still holds \"notes.txt.",
        "remove it when the save fails",
    ];
    assert_caught(saving(), &reports, "failure_leaves_old_intact", &words);
}

#[test]
fn one_temporary_name_for_every_save_is_caught_every_time() {
    let checks = saving().bind(&atomic_save::runs::<fixtures::FixedTempName>());
    let words = [
        "a reader of the target found",
        "but a mix",
        "two saves must not share a temporary file",
    ];
    let run = "two_saves_at_once";
    assert_caught_every_time(saving(), &checks, run_at_once(&checks), run, &words, TIMES);
}

#[test]
fn saves_made_to_wait_for_each_other_pass_after_waiting_out_the_patience_once() {
    let checks = saving().bind(&atomic_save::runs::<fixtures::Serialised>());
    let place = (saving().checks.iter())
        .position(|check| check.run == "two_saves_at_once")
        .expect("declared");
    let report = run_check(&checks[place]);
    assert_eq!(report.outcome, Outcome::Passed, "{report:?}");
    assert!(report.elapsed >= atomic_save::PATIENCE, "{report:?}");
}

#[test]
fn the_framer_of_the_wrong_decoders_is_right_but_for_their_mistakes() {
    let reports = grade_decoder::<fixtures::RightFramer>();
    assert!(
        reports
            .iter()
            .all(|report| report.outcome == Outcome::Passed),
        "{}",
        describe(&reports)
    );
}

#[test]
fn a_decoder_that_takes_each_piece_for_a_frame_is_caught() {
    let reports = grade_decoder::<fixtures::OneFeedOneFrame>();
    let words = ["with the stream fed all at once", "delivery 0 was"];
    assert_caught(decoding(), &reports, "whole_messages_any_split", &words);
}

#[test]
fn a_decoder_of_lines_is_caught() {
    let reports = grade_decoder::<fixtures::NewlineDelimited>();
    let words = ["delivery 0 was", "whatever bytes it holds"];
    assert_caught(decoding(), &reports, "whole_messages_any_split", &words);
}

#[test]
fn a_little_endian_length_is_caught() {
    let reports = grade_decoder::<fixtures::LittleEndian>();
    let words = [
        "feed call 0 returned Err(TooLarge",
        "no header announced more than MAX_FRAME",
    ];
    assert_caught(decoding(), &reports, "whole_messages_any_split", &words);
}

#[test]
fn a_limit_off_by_one_is_caught() {
    let reports = grade_decoder::<fixtures::LimitOffByOne>();
    let words = [
        "returned Err(TooLarge { len: 65536",
        "no header announced more than MAX_FRAME (65536)",
    ];
    assert_caught(decoding(), &reports, "whole_messages_any_split", &words);
}

#[test]
fn one_frame_per_feed_call_is_caught() {
    let reports = grade_decoder::<fixtures::OnlyFirstFramePerFeed>();
    let words = ["with the stream fed all at once, 1 of the 14 messages were delivered"];
    assert_caught(decoding(), &reports, "whole_messages_any_split", &words);
}

#[test]
fn frames_held_back_until_more_bytes_come_are_caught_every_time() {
    let checks = decoding().bind(&frame_decoder::runs::<fixtures::HoldsBackUntilNextHeader>());
    let words = [
        "with the stream fed one frame per call, message 0 was delivered only during feed call 1",
        "its last byte came in call 0",
    ];
    let run = "delivered_without_delay";
    assert_caught_every_time(decoding(), &checks, run_all(&checks), run, &words, TIMES);
}

#[test]
fn a_partial_delivery_is_caught() {
    let reports = grade_decoder::<fixtures::DeliversPartial>();
    let words = ["was only the first", "never in part"];
    assert_caught(decoding(), &reports, "whole_messages_any_split", &words);
    assert_caught(decoding(), &reports, "delivered_without_delay", &words);
}

#[test]
fn a_decoder_without_a_limit_is_caught() {
    let reports = grade_decoder::<fixtures::NoLimit>();
    let words = ["a header announced 65537 bytes", "but feed returned Ok(())"];
    assert_caught(decoding(), &reports, "refuses_oversized_at_once", &words);
}

#[test]
fn a_limit_checked_only_once_the_frame_is_whole_is_caught() {
    let reports = grade_decoder::<fixtures::LimitWhenWhole>();
    let words = ["but feed returned Ok(())", "before its bytes arrive"];
    assert_caught(decoding(), &reports, "refuses_oversized_at_once", &words);
}

#[test]
fn a_stream_cut_off_inside_a_frame_taken_for_a_whole_one_is_caught() {
    let reports = grade_decoder::<fixtures::TruncatedIsFine>();
    let words = [
        "then 2 bytes of a header, finish returned Ok(())",
        "Err(Truncated { expected: 4, got: 2 })",
    ];
    assert_caught(decoding(), &reports, "truncated_is_an_error", &words);
}
