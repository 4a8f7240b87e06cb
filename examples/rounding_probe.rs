use yusuan::catalog::Catalog;
use yusuan::model::Unit;
use yusuan::synth::{self, Layout, Shape};
fn main() {
    let seed: u64 = std::env::args().nth(1).unwrap().parse().unwrap();
    let catalog = Catalog::builtin();
    let large = synth::department(seed, &Shape::large(), 2024, &catalog);
    let bytes = synth::export(&large, Layout::Official(Unit::Yuan), &catalog, seed).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let b = yusuan::read::read_budget(&path, &catalog).unwrap().budget;
    let t = std::time::Instant::now();
    let p = yusuan::publish::prepare(&b, &catalog);
    println!("{:?} residuals {:?}", t.elapsed(), p.residuals);
}
