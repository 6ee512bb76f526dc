"""链式招商: industrial chains as versioned maps, the district's firms and projects on their
links, each link's strength and gaps (缺链, 弱链, 断链), 链主 and their suppliers, and the firms
elsewhere to attract for each gap (from the reports intake read and from staff's leads)."""
