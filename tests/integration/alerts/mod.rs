//! The alerts context's dispatch rules over in-memory ports and a clock the test moves:
//! who gets what, retries, blocked chats, quiet hours, push devices gone, and a dead
//! dispatcher's leased work taken over by another; and what operators see of the queues.

mod dispatch;
mod harness;
mod operators;
