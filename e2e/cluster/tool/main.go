// Command berth-cluster-tool generates the PKI and kubeconfigs for the local
// test clusters started by ../up.sh. It uses only the Go standard library.
//
//	berth-cluster-tool pki DIR
//	    Creates (idempotently) every key and certificate one cluster needs.
//	berth-cluster-tool kubeconfig OUT CONTEXT=SERVER,CA,CERT,KEY[,NAMESPACE] ... [--current NAME]
//	    Writes a kubeconfig with one cluster, user and context per argument;
//	    certificates are embedded. CA may be "-" (skip verification) and
//	    CERT/KEY may be "-" (no client credentials).
//	berth-cluster-tool egress-proxy SOCKET
//	    Serves HTTP CONNECT on a unix socket for kube-apiserver's "cluster"
//	    egress (kubelet, pod, service and aggregated-API traffic). It tunnels
//	    only to loopback addresses and refuses everything else, so nothing
//	    the API server does on behalf of a client ever leaves 127.0.0.0/8
//	    (simulated pod IPs are not reachable and must not be dialled).
package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "pki":
		if len(os.Args) != 3 {
			usage()
		}
		err = genPKI(os.Args[2])
	case "egress-proxy":
		if len(os.Args) != 3 {
			usage()
		}
		err = egressProxy(os.Args[2])
	case "kubeconfig":
		if len(os.Args) < 4 {
			usage()
		}
		err = writeKubeconfig(os.Args[2], os.Args[3:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "berth-cluster-tool:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: berth-cluster-tool pki DIR | kubeconfig OUT CONTEXT=SERVER,CA,CERT,KEY... [--current NAME]")
	os.Exit(2)
}

type keyPair struct {
	cert *x509.Certificate
	key  any
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// writeAtomic writes data to a temp file and renames it, so an interrupted
// run never leaves a half-written file behind.
func writeAtomic(path string, data []byte, mode os.FileMode) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, mode); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func loadPair(dir, name string) (*keyPair, error) {
	cb, err := os.ReadFile(filepath.Join(dir, name+".crt"))
	if err != nil {
		return nil, err
	}
	kb, err := os.ReadFile(filepath.Join(dir, name+".key"))
	if err != nil {
		return nil, err
	}
	cblk, _ := pem.Decode(cb)
	kblk, _ := pem.Decode(kb)
	if cblk == nil || kblk == nil {
		return nil, fmt.Errorf("%s: bad PEM", name)
	}
	c, err := x509.ParseCertificate(cblk.Bytes)
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(kblk.Bytes)
	if err != nil {
		return nil, err
	}
	return &keyPair{cert: c, key: k}, nil
}

func savePair(dir, name string, der []byte, key any) error {
	kb, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	// Key first: a pair counts as present only once its .crt exists.
	if err := writeAtomic(filepath.Join(dir, name+".key"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, name+".crt"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	return n
}

func ecKey() *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	return k
}

func ensureCA(dir, name, cn string) (*keyPair, error) {
	if exists(filepath.Join(dir, name+".crt")) {
		return loadPair(dir, name)
	}
	k := ecKey()
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, k.Public(), k)
	if err != nil {
		return nil, err
	}
	if err := savePair(dir, name, der, k); err != nil {
		return nil, err
	}
	return loadPair(dir, name)
}

type leaf struct {
	name   string
	cn     string
	orgs   []string
	server bool
	client bool
	dns    []string
	ips    []string
}

func ensureLeaf(dir string, ca *keyPair, l leaf) error {
	if exists(filepath.Join(dir, l.name+".crt")) {
		return nil
	}
	k := ecKey()
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: l.cn, Organization: l.orgs},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(10, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		DNSNames:     l.dns,
	}
	for _, ip := range l.ips {
		tmpl.IPAddresses = append(tmpl.IPAddresses, net.ParseIP(ip))
	}
	if l.server {
		tmpl.ExtKeyUsage = append(tmpl.ExtKeyUsage, x509.ExtKeyUsageServerAuth)
	}
	if l.client {
		tmpl.ExtKeyUsage = append(tmpl.ExtKeyUsage, x509.ExtKeyUsageClientAuth)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, k.Public(), ca.key)
	if err != nil {
		return err
	}
	return savePair(dir, l.name, der, k)
}

func genPKI(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	ca, err := ensureCA(dir, "ca", "berth-test-ca")
	if err != nil {
		return err
	}
	fpca, err := ensureCA(dir, "front-proxy-ca", "berth-test-front-proxy-ca")
	if err != nil {
		return err
	}
	loopback := []string{"127.0.0.1"}
	leaves := []leaf{
		{name: "apiserver", cn: "kube-apiserver", server: true,
			dns: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"},
			ips: loopback},
		{name: "apiserver-kubelet-client", cn: "kube-apiserver-kubelet-client", orgs: []string{"system:masters"}, client: true},
		{name: "admin", cn: "berth-admin", orgs: []string{"system:masters"}, client: true},
		{name: "readonly", cn: "berth-readonly", orgs: []string{"berth:readonly"}, client: true},
		{name: "controller-manager", cn: "system:kube-controller-manager", client: true},
		{name: "scheduler", cn: "system:kube-scheduler", client: true},
		{name: "kwok", cn: "kwok-controller", orgs: []string{"system:masters"}, client: true, server: true,
			dns: []string{"localhost"}, ips: loopback},
		{name: "metrics-server", cn: "system:metrics-server", orgs: []string{"system:masters"}, client: true, server: true,
			dns: []string{"localhost", "metrics-server", "metrics-server.kube-system", "metrics-server.kube-system.svc"}, ips: loopback},
	}
	for _, l := range leaves {
		if err := ensureLeaf(dir, ca, l); err != nil {
			return fmt.Errorf("%s: %w", l.name, err)
		}
	}
	if err := ensureLeaf(dir, fpca, leaf{name: "front-proxy-client", cn: "front-proxy-client", client: true}); err != nil {
		return err
	}
	// Service-account token signing key (RSA, as kube-apiserver expects).
	if !exists(filepath.Join(dir, "sa.pub")) {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return err
		}
		kb, _ := x509.MarshalPKCS8PrivateKey(k)
		pb, _ := x509.MarshalPKIXPublicKey(k.Public())
		if err := writeAtomic(filepath.Join(dir, "sa.key"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
			return err
		}
		if err := writeAtomic(filepath.Join(dir, "sa.pub"), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pb}), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func b64file(p string) (string, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

func writeKubeconfig(out string, args []string) error {
	current := ""
	var clusters, users, contexts strings.Builder
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--current" {
			if i+1 >= len(args) {
				return errors.New("--current needs a value")
			}
			current = args[i+1]
			i++
			continue
		}
		name, spec, ok := strings.Cut(a, "=")
		parts := strings.Split(spec, ",")
		if !ok || len(parts) < 4 || len(parts) > 5 {
			return fmt.Errorf("bad context spec %q", a)
		}
		server, ca, cert, key := parts[0], parts[1], parts[2], parts[3]
		namespace := ""
		if len(parts) == 5 {
			namespace = parts[4]
		}
		if current == "" {
			current = name
		}
		fmt.Fprintf(&clusters, "- name: %s\n  cluster:\n    server: %s\n", name, server)
		if ca == "-" {
			clusters.WriteString("    insecure-skip-tls-verify: true\n")
		} else {
			d, err := b64file(ca)
			if err != nil {
				return err
			}
			fmt.Fprintf(&clusters, "    certificate-authority-data: %s\n", d)
		}
		fmt.Fprintf(&users, "- name: %s\n  user:", name)
		if cert == "-" {
			users.WriteString(" {}\n")
		} else {
			c, err := b64file(cert)
			if err != nil {
				return err
			}
			k, err := b64file(key)
			if err != nil {
				return err
			}
			fmt.Fprintf(&users, "\n    client-certificate-data: %s\n    client-key-data: %s\n", c, k)
		}
		fmt.Fprintf(&contexts, "- name: %s\n  context:\n    cluster: %s\n    user: %s\n", name, name, name)
		if namespace != "" {
			fmt.Fprintf(&contexts, "    namespace: %s\n", namespace)
		}
	}
	doc := "apiVersion: v1\nkind: Config\npreferences: {}\nclusters:\n" + clusters.String() +
		"users:\n" + users.String() + "contexts:\n" + contexts.String() +
		"current-context: " + current + "\n"
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return writeAtomic(out, []byte(doc), 0o600)
}

func egressProxy(socket string) error {
	_ = os.Remove(socket)
	ln, err := net.Listen("unix", socket)
	if err != nil {
		return err
	}
	log.Printf("egress proxy listening on %s (loopback destinations only)", socket)
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go handleConnect(c)
	}
}

func handleConnect(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	target := req.Host
	if req.Method != http.MethodConnect {
		fmt.Fprintf(c, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
		return
	}
	host, port, err := net.SplitHostPort(target)
	if err != nil {
		fmt.Fprintf(c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	cancel()
	var dst net.IP
	if err == nil {
		for _, a := range addrs {
			if a.IP.IsLoopback() {
				dst = a.IP
				break
			}
		}
	}
	if dst == nil {
		msg := fmt.Sprintf("berth test cluster: egress to %s blocked (only loopback is reachable; simulated pod and service IPs are not)", target)
		log.Print(msg)
		fmt.Fprintf(c, "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s", len(msg), msg)
		return
	}
	up, err := net.DialTimeout("tcp", net.JoinHostPort(dst.String(), port), 5*time.Second)
	if err != nil {
		fmt.Fprintf(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
		return
	}
	defer up.Close()
	if _, err := io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	done := make(chan struct{}, 2)
	go func() {
		// Bytes the client sent after the CONNECT request are already buffered.
		_, _ = io.Copy(up, br)
		if tc, ok := up.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
		done <- struct{}{}
	}()
	go func() {
		_, _ = io.Copy(c, up)
		if uc, ok := c.(*net.UnixConn); ok {
			_ = uc.CloseWrite()
		}
		done <- struct{}{}
	}()
	<-done
	<-done
}
