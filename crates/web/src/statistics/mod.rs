//! Visitor statistics on the web: the "Thống kê truy cập" block
//! (`blocks`) and the office's reports with their exports (`newsroom`).

pub mod blocks;
pub mod newsroom;
