"""What every client document shares, the plan and the map PDF alike: the cover, the
executive summary and roadmap, the persona panel, the long text tables and the charts."""
