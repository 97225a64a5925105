//! The loader's checks on an assembled model: member names, mixins, trait applications and values.
