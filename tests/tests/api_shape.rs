//! Properties of the generated API that users rely on without calling anything.

use std::mem::size_of;

fn send_sync_static<T: Send + Sync + 'static>() {}

#[test]
fn errors_are_small_enough_for_results() {
    // clippy's `result_large_err` fires at 128 bytes; users return `Result<_, ivs::Error>`.
    assert!(size_of::<ivs::Error>() < 128, "ivs::Error is {} bytes", size_of::<ivs::Error>());
    assert!(size_of::<ivs::operation::get_channel::GetChannelError>() < 128);
}

#[test]
fn clients_errors_and_outputs_cross_threads() {
    send_sync_static::<ivs::Client>();
    send_sync_static::<ivs::Error>();
    send_sync_static::<ivs::error::SdkError<ivs::operation::create_channel::CreateChannelError>>();
    send_sync_static::<ivs::operation::create_channel::CreateChannelOutput>();
    send_sync_static::<ivs::operation::list_channels::builders::ListChannelsFluentBuilder>();
}

#[test]
fn errors_box_into_dyn_error() {
    fn boxed(e: ivs::Error) -> Box<dyn std::error::Error + Send + Sync> {
        Box::new(e)
    }
    let error = ivs::Error::from(ivs::operation::get_channel::GetChannelError::ResourceNotFoundException(
        ivs::types::error::ResourceNotFoundException::builder().exception_message("no such channel").build(),
    ));
    assert_eq!(boxed(error).to_string(), "ResourceNotFoundException: no such channel");
}
