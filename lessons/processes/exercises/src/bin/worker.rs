//! The worker program of the exercises' tests: plays the role it is started with
//! (`processes_exercises::ROLES`). The grader plays the same roles itself.

fn main() {
    lesson_kit::process::serve(processes_exercises::ROLES)
}
