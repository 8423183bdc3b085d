module github.com/berth/e2e/cluster/tool

go 1.24.0
